/**
 * Akuttvideo API schemas and DTOs (browser-safe): the Akutt tab and the AMK console read the
 * same shapes the server writes. Vitals reuse the NEWS2 limits and messages from the core, so a
 * form and the server say the same thing about an impossible value.
 */
import { z } from 'zod';
import { NEWS2_PARAMETERS, type News2Parameter, news2ValueProblem } from '../shared/news2';
import { EMERGENCY_CALL_STATUSES, EMERGENCY_OUTCOMES, TRIAGE_COLOURS, type EmergencyCallStatus, type EmergencyOutcome, type PartialVitals, type Triage } from '../shared/emergency-terms';

export {
  EMERGENCY_CALL_STATUSES,
  EMERGENCY_OUTCOMES,
  type EmergencyCallStatus,
  type EmergencyOutcome,
  type PartialVitals,
  TRIAGE_COLOURS,
  type Triage,
} from '../shared/emergency-terms';


/** Each ISBAR field is free clinical text: it stays in PostgreSQL and the tabs, never in a message. */
export const MAX_ISBAR_FIELD_LENGTH = 2_000;
const isbarField = z.string().trim().max(MAX_ISBAR_FIELD_LENGTH, `høyst ${MAX_ISBAR_FIELD_LENGTH} tegn / at most ${MAX_ISBAR_FIELD_LENGTH} characters`);

export const IsbarSchema = z.object({
  identification: isbarField.optional(),
  situation: isbarField.optional(),
  background: isbarField.optional(),
  assessment: isbarField.optional(),
  recommendation: isbarField.optional(),
});
export type Isbar = z.output<typeof IsbarSchema>;

/** Vitals as far as they are known: every field optional, each checked against the NEWS2 limits. */
const vitalField = (parameter: News2Parameter) =>
  z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined || value === null) return;
      const problem = news2ValueProblem(parameter, value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: value });
    });

export const PartialVitalsSchema = z.object(
  Object.fromEntries(NEWS2_PARAMETERS.map((p) => [p, vitalField(p)])) as Record<News2Parameter, ReturnType<typeof vitalField>>,
);

export const CreateEmergencyCallSchema = z.object(
  {
    isbar: IsbarSchema.optional(),
    vitals: PartialVitalsSchema.optional(),
    triage: z.enum(TRIAGE_COLOURS, { error: 'triage må være rod, gul eller gronn / triage must be rod, gul or gronn' }).optional(),
  },
  { error: 'forventet et JSON-objekt / expected a JSON object' },
);
export type CreateEmergencyCall = z.output<typeof CreateEmergencyCallSchema>;

export const EndEmergencyCallSchema = z
  .object({ outcome: z.enum(EMERGENCY_OUTCOMES).optional() }, { error: 'forventet et JSON-objekt / expected a JSON object' })
  .optional();

export const EmergencyStatsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

/** What the console and the requester see live (SSE and GET). No ISBAR or vitals: only triage and the NEWS2 total. */
export interface EmergencyCallSnapshotDto {
  readonly id: string;
  readonly status: EmergencyCallStatus;
  readonly triage: Triage | null;
  readonly news2Total: number | null;
  readonly requestedBy: { readonly id: string; readonly name: string; readonly organization: string };
  readonly answeredBy: { readonly id: string; readonly name: string } | null;
  readonly requestedAt: string;
  readonly firstAlertAt: string | null;
  readonly answeredAt: string | null;
  readonly connectedAt: string | null;
  readonly endedAt: string | null;
  /** Still ringing after the ring timeout: the backup group was alerted. */
  readonly escalatedAt: string | null;
  readonly outcome: EmergencyOutcome | null;
}

/** `GET /api/emergency-calls/:id` for the requester and AMK: the snapshot and the handover. */
export interface EmergencyCallDto extends EmergencyCallSnapshotDto {
  readonly isbar: Isbar | null;
  readonly vitals: PartialVitals | null;
}

export interface VideoTokenDto {
  readonly token: string;
  readonly serverUrl: string;
  readonly roomName: string;
  readonly expiresAt: string;
}

/** `POST …/:id/accept` and `…/:id/join`. */
export interface EmergencyJoinDto {
  readonly call: EmergencyCallSnapshotDto;
  readonly video: VideoTokenDto;
}

export interface EmergencyStatsDto {
  readonly from: string;
  readonly to: string;
  readonly counts: {
    readonly requested: number;
    readonly answered: number;
    readonly answeredWithin10Seconds: number;
    readonly escalated: number;
    readonly unanswered: number;
  };
  /** Requested → answered; null when nothing was answered. */
  readonly secondsToAnswer: { readonly median: number | null; readonly p90: number | null };
  /** Answered within 10 s of all requested (the 113 requirement is ≥ 0.9); null without calls. */
  readonly shareAnsweredWithin10Seconds: number | null;
  /** Citizen video links that reached video; null until citizen video exists. */
  readonly citizenLinkVideoShare: number | null;
}

/** The SSE event name on `GET /api/emergency-calls/stream`; its data is an {@link EmergencyCallSnapshotDto}. */
export const EMERGENCY_STREAM_EVENT = 'call';

/** `POST /api/emergency-calls/:id/invite`: a directory clinician, or the level-1 on-call of a specialty now. */
export const InviteToEmergencyCallSchema = z.union(
  [z.object({ personId: z.string().trim().min(1).max(200) }).strict(), z.object({ specialty: z.string().trim().min(1).max(100) }).strict()],
  { error: 'oppgi personId eller specialty / give personId or specialty' },
);
export type InviteToEmergencyCall = z.output<typeof InviteToEmergencyCallSchema>;

export interface EmergencyInviteDto {
  readonly callId: string;
  readonly person: { readonly id: string; readonly name: string; readonly organization: string };
  /** False when they were invited already (no second card). */
  readonly invited: boolean;
}
