/**
 * Akuttvideo API schemas and DTOs (browser-safe): the Akutt tab and the AMK console read the
 * same shapes the server writes. Vitals reuse the NEWS2 limits and messages from the core, so a
 * form and the server say the same thing about an impossible value.
 */
import { z } from 'zod';
import { NEWS2_PARAMETERS, type News2Parameter, type News2Scores, news2ValueProblem } from '../shared/news2';
import {
  EMERGENCY_CALL_STATUSES,
  EMERGENCY_OUTCOMES,
  ENDABLE_OUTCOMES,
  TRIAGE_COLOURS,
  type EmergencyCallStatus,
  type EmergencyOutcome,
  type InviteDelivery,
  type PartialVitals,
  type Triage,
} from '../shared/emergency-terms';

export {
  EMERGENCY_CALL_STATUSES,
  EMERGENCY_OUTCOMES,
  END_OUTCOME_CHOICES,
  ENDABLE_OUTCOMES,
  INVITE_DELIVERY_STATES,
  type InviteDelivery,
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
  .object({ outcome: z.enum(ENDABLE_OUTCOMES).optional() }, { error: 'forventet et JSON-objekt / expected a JSON object' })
  .optional();

/** `GET /api/emergency-calls?open=true`: only the open calls are listed. */
export const EmergencyListQuerySchema = z.object({
  open: z.literal('true', { error: 'open må være true / open must be true' }),
});

export const EmergencyStatsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

/**
 * What the console and the requester see live (SSE and GET): triage, the vital signs given and
 * their NEWS2 scores (no free text: ISBAR is only in {@link EmergencyCallDto}), and the
 * requester's directory phone, so AMK can ring back when video fails.
 */
export interface EmergencyCallSnapshotDto {
  readonly id: string;
  readonly status: EmergencyCallStatus;
  readonly triage: Triage | null;
  /** Set when the vital signs were complete. */
  readonly news2Total: number | null;
  /** The vital signs as far as they were given. */
  readonly vitals: PartialVitals | null;
  /** Each given parameter's NEWS2 score (0–3), also when the set is incomplete: a 3 is a red single parameter. */
  readonly vitalScores: Partial<News2Scores>;
  readonly requestedBy: { readonly id: string; readonly name: string; readonly organization: string; readonly phone: string | null };
  readonly answeredBy: { readonly id: string; readonly name: string } | null;
  /** Answered and a video room exists; false while the video server could not be reached. */
  readonly videoReady: boolean;
  /** Who ended the call; null while open, or when Samrom closed it (`outcome: unanswered`). */
  readonly endedBy: { readonly id: string; readonly name: string } | null;
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

/** `POST …/:id/join`. */
export interface EmergencyJoinDto {
  readonly call: EmergencyCallSnapshotDto;
  readonly video: VideoTokenDto;
}

/**
 * `POST …/:id/accept`: the answer is recorded whether or not video works. `video` is null when
 * the video server could not be reached; `…/:id/join` tries again («Prøv video igjen»).
 */
export interface EmergencyAnswerDto {
  readonly call: EmergencyCallSnapshotDto;
  readonly video: VideoTokenDto | null;
}

/** `GET /api/emergency-calls?open=true`: open calls in the console's order. */
export interface EmergencyCallListDto {
  readonly calls: readonly EmergencyCallSnapshotDto[];
  /** The server's clock, so a console can show waiting time without trusting its own. */
  readonly at: string;
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
    /** The requester ended the call before anyone answered. */
    readonly cancelledByRequester: number;
    /** Closed by Samrom: nobody answered within the time allowed after escalation. */
    readonly closedUnanswered: number;
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
/** Sent after every change on the stream: the open calls' ids in the console's order ({@link EmergencyOrderDto}). */
export const EMERGENCY_ORDER_EVENT = 'order';

export interface EmergencyOrderDto {
  /** The open calls this listener may see, most urgent first (triage, NEWS2 total, waiting time). */
  readonly ids: readonly string[];
  /** The server's clock. */
  readonly at: string;
}

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
  readonly delivery: InviteDelivery;
}

/** `GET /api/emergency-calls/:id/invites`: everyone pulled in, with their card's delivery and a phone to ring instead. */
export interface EmergencyInviteeDto {
  readonly person: { readonly id: string; readonly name: string; readonly organization: string; readonly phone: string | null };
  readonly invitedAt: string;
  readonly delivery: InviteDelivery;
}

export interface EmergencyInviteListDto {
  readonly callId: string;
  readonly invites: readonly EmergencyInviteeDto[];
}
