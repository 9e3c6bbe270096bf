/**
 * The one list of Samrom's queues: every queue name and the zod schema of what its jobs carry.
 * Producers (the PostgreSQL stores' outbox rows) and workers take names from here, so no worker
 * imports a storage adapter to learn a queue name, and every worker checks its job data the same
 * way. Job data holds opaque ids only — never names, phone numbers or clinical text.
 */
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';

export const QUEUES = {
  /** A health check queue used by `/readyz`-style probes and the relay tests. */
  system: 'system',
  /** Consultation reminders: `{reminderId}`, delayed until the reminder is due. */
  reminders: 'reminders',
  /** Consultation invitations, updates and cancellations: `{consultationId, sequence, only?}` (`only`: participant ids). */
  invitations: 'invitations',
  /** Attendance repair against LiveKit: a repeatable job without data, every minute. */
  attendanceReconcile: 'attendance-reconcile',
  /** A saved consultation summary is shared as a Teams link: `{consultationId, version}`. */
  summaryShared: 'summary-shared',
  /** Akuttvideo: alert every AMK operator now: `{callId}` (`invite`: `{callId, personId}`). */
  emergencyRing: 'emergency-ring',
  /** Akuttvideo: still ringing after the ring timeout? Alert the backup group: `{callId}`, delayed. */
  emergencyEscalate: 'emergency-escalate',
  /** The advice line (konfereringstelefon): `{requestId, attempt}`; see advice-jobs.ts for its priorities. */
  advice: 'advice',
  /** Rosters: the hourly `scan-gaps` (no data) and `gap-alert` (`{key, specialty, gapStart, gapEnd}`). */
  rosters: 'rosters',
  /** The 113 caller's video link by SMS: `{sessionId, linkId}`. */
  citizenVideoSms: 'citizen-video-sms',
  /** The ambulance crew's link by SMS: `{callId, linkId}`. */
  emergencyCrewSms: 'emergency-crew-sms',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES] | (string & {});

/** A job payload schema with the message a malformed job fails with. */
export interface JobPayload<S extends z.ZodType> {
  readonly schema: S;
  /**
   * The job's data, checked. Malformed data fails the job for good (`UnrecoverableError`):
   * retrying cannot repair it.
   */
  parse(data: unknown): z.output<S>;
}

function jobPayload<S extends z.ZodType>(schema: S, invalid: string): JobPayload<S> {
  return {
    schema,
    parse(data) {
      const parsed = schema.safeParse(data ?? {});
      if (!parsed.success) throw new UnrecoverableError(invalid);
      return parsed.data;
    },
  };
}

const callJob = z.object({ callId: z.string() });

/** What each queue's jobs carry, by queue (and by job where one queue runs jobs of two shapes). */
export const JOB_PAYLOADS = {
  reminder: jobPayload(z.object({ reminderId: z.string() }), 'invalid reminder job data'),
  invitation: jobPayload(
    // `only`: participant ids joined by commas (outbox payloads are flat); `participantId` + `resendId`: a guest's «Send meg en ny lenke».
    z.object({
      consultationId: z.string(),
      sequence: z.number(),
      only: z.string().optional(),
      participantId: z.string().optional(),
      resendId: z.string().optional(),
    }),
    'invalid invitation job data',
  ),
  summaryShared: jobPayload(z.object({ consultationId: z.string(), version: z.number() }), 'summary-shared job lacks consultationId or version'),
  /** `emergency-ring` (`ring`, `update`) and `emergency-escalate`. */
  emergencyCall: jobPayload(callJob, 'invalid emergency job data'),
  /** `emergency-ring` `invite`: one more person asked into the call. */
  emergencyInvite: jobPayload(callJob.extend({ personId: z.string() }), 'invalid emergency job data'),
  advice: jobPayload(z.object({ requestId: z.string(), attempt: z.number().int().nonnegative() }), 'invalid advice job data'),
  /** `rosters` `gap-alert`. */
  gapAlert: jobPayload(z.object({ key: z.string(), specialty: z.string(), gapStart: z.string(), gapEnd: z.string() }), 'invalid gap alert job data'),
  citizenVideoSms: jobPayload(z.object({ sessionId: z.string(), linkId: z.string() }), 'invalid citizen video job data'),
  emergencyCrewSms: jobPayload(z.object({ callId: z.string(), linkId: z.string() }), 'invalid crew link job data'),
} as const;

export type JobData<K extends keyof typeof JOB_PAYLOADS> = Readonly<z.output<(typeof JOB_PAYLOADS)[K]['schema']>>;
