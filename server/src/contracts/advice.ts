/**
 * The advice line (konfereringstelefon): request and answer shapes shared with the tabs and
 * the bot. Browser-safe. The ISBAR and the advice note are clinical text: they travel only in
 * these authenticated API answers, never in Teams message text, jobs or logs.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import { z } from 'zod';
import { DEFAULT_PHONE_REGION } from '../shared/contact';
import { type Isbar, IsbarSchema } from './summary';
import { ADVICE_MODES, ADVICE_PRIORITIES, ADVICE_STATUSES, type AdviceMode, type AdvicePriority, type AdviceStatus } from '../shared/advice-terms';

export {
  ADVICE_MODES,
  ADVICE_PRIORITIES,
  ADVICE_STATUSES,
  type AdviceMode,
  type AdvicePriority,
  type AdviceStatus,
} from '../shared/advice-terms';

/** Specialty names as rosters spell them (`kardiologi`, `barne-og-ungdom`). */
export const ADVICE_SPECIALTY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const ADVICE_MESSAGES = {
  specialty: 'Velg et fagområde, f.eks. kardiologi / Choose a specialty, e.g. kardiologi',
  priority: 'Hastegrad må være akutt, haster eller vanlig / Priority must be akutt, haster or vanlig',
  mode: 'Velg video eller bare lyd / Choose video or audio only',
  callbackPhone: 'Oppgi et gyldig telefonnummer å ringe tilbake til / Give a valid phone number to call back',
  callbackNeedsPhone: 'Tilbakeringing trenger et telefonnummer / A callback needs a phone number',
  body: 'Send specialty, priority og isbar / Send specialty, priority and isbar',
} as const;

/** A number to ring back (landlines too: a GP office), as E.164. */
const callbackPhone = z.string({ error: ADVICE_MESSAGES.callbackPhone }).transform((value, ctx) => {
  const trimmed = value.trim();
  const phone = /^\+?[\d\s().-]+$/.test(trimmed) ? parsePhoneNumberFromString(trimmed, DEFAULT_PHONE_REGION) : undefined;
  if (phone && phone.ext === undefined && phone.isPossible()) return phone.number as string;
  ctx.addIssue({ code: 'custom', message: ADVICE_MESSAGES.callbackPhone, input: value });
  return z.NEVER;
});

/** `POST /api/advice-requests` */
export const CreateAdviceRequestSchema = z
  .object(
    {
      specialty: z.string({ error: ADVICE_MESSAGES.specialty }).trim().regex(ADVICE_SPECIALTY_PATTERN, { error: ADVICE_MESSAGES.specialty }),
      priority: z.enum(ADVICE_PRIORITIES, { error: ADVICE_MESSAGES.priority }),
      isbar: IsbarSchema,
      callbackPhone: callbackPhone.optional(),
      /** Default: `callback` when only a number is given, else `video`. */
      mode: z.enum(ADVICE_MODES, { error: ADVICE_MESSAGES.mode }).optional(),
    },
    { error: ADVICE_MESSAGES.body },
  )
  .superRefine((body, ctx) => {
    if (body.mode === 'callback' && body.callbackPhone === undefined) {
      ctx.addIssue({ code: 'custom', path: ['callbackPhone'], message: ADVICE_MESSAGES.callbackNeedsPhone, input: body });
    }
  });
export type CreateAdviceRequest = z.output<typeof CreateAdviceRequestSchema>;

/** `POST /api/advice-requests/:id/complete` */
export const CompleteAdviceSchema = z.object({ advice: IsbarSchema }, { error: 'Send advice (ISBAR) / Send advice (ISBAR)' });
export type CompleteAdvice = z.output<typeof CompleteAdviceSchema>;

/** The answer to `POST /api/advice-requests`. */
export interface AdviceCreatedDto {
  readonly id: string;
  readonly status: AdviceStatus;
  /** 1 = next in line; null once answered. */
  readonly position: number | null;
  readonly estimatedWaitSeconds: number | null;
  /** Who would be rung now (name and roster level); empty when nobody is on call or the request no longer waits. */
  readonly onCallNow: readonly AdviceOnCallDto[];
  /** True while the request waits and nobody in the specialty can be rung: it is not being rung. */
  readonly nobodyOnCall: boolean;
  /** The specialty's switchboard (E.164) to call instead, when nobody is on call; else null. */
  readonly switchboardPhone: string | null;
}

/** A specialist who would be rung now. */
export interface AdviceOnCallDto {
  readonly personId: string;
  readonly name: string;
  /** 1 vakthavende, 2 bakvakt, 3 overlege. */
  readonly level: 1 | 2 | 3;
}

export interface AdviceRingDto {
  readonly attempt: number;
  readonly personId: string;
  readonly personName: string;
  /** 1–3, or 0 for a coordinator alarmed. */
  readonly level: number;
  readonly kind: 'ring' | 'alarm';
  readonly sentAt: string | null;
  readonly declinedAt: string | null;
}

/** `GET /api/advice-requests/:id` */
export interface AdviceRequestDto extends AdviceCreatedDto {
  readonly specialty: string;
  readonly priority: AdvicePriority;
  readonly mode: AdviceMode;
  readonly requester: { readonly id: string; readonly name: string; readonly organization: string };
  readonly isbar: Isbar;
  readonly callbackPhone: string | null;
  readonly acceptedBy: { readonly id: string; readonly name: string } | null;
  readonly advice: Isbar | null;
  readonly createdAt: string;
  readonly acceptedAt: string | null;
  readonly completedAt: string | null;
  readonly attempts: readonly AdviceRingDto[];
}

/** `POST …/join` and, for video or audio, part of the accept answer. */
export interface AdviceJoinDto {
  readonly token: string;
  readonly serverUrl: string;
  readonly roomName: string;
  readonly audioOnly: boolean;
  readonly expiresAt: string;
}

/** `POST …/accept` */
export interface AdviceAcceptedDto {
  readonly request: AdviceRequestDto;
  /** Present for video and audio when the video server answered. */
  readonly join: AdviceJoinDto | null;
}

/** `GET /api/advice-requests/stats?from&to&specialty&targetSeconds` */
export const AdviceStatsQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true, error: 'from må være et tidspunkt (ISO 8601) / from must be an ISO 8601 instant' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'to må være et tidspunkt (ISO 8601) / to must be an ISO 8601 instant' }).optional(),
    specialty: z.string().regex(ADVICE_SPECIALTY_PATTERN, { error: ADVICE_MESSAGES.specialty }).optional(),
    /** Answered within this is "on target". @defaultValue 120 */
    targetSeconds: z.coerce
      .number({ error: 'targetSeconds: 1–3600' })
      .int({ error: 'targetSeconds: 1–3600' })
      .min(1, { error: 'targetSeconds: 1–3600' })
      .max(3600, { error: 'targetSeconds: 1–3600' })
      .default(120),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { path: ['from'], error: 'from må være før to / from must be before to' });
export type AdviceStatsQuery = z.output<typeof AdviceStatsQuerySchema>;

export interface AdviceStatsDto {
  readonly specialty: string | null;
  readonly from: string;
  readonly to: string;
  readonly targetSeconds: number;
  /** Requests made in the period. */
  readonly requests: number;
  readonly answered: number;
  readonly medianTimeToAnswerSeconds: number | null;
  readonly p90TimeToAnswerSeconds: number | null;
  /** Shares of `requests` (0–1); null when there were none. */
  readonly answeredWithinTargetShare: number | null;
  readonly escalatedShare: number | null;
  readonly abandonedShare: number | null;
}

/** `GET /api/advice-requests?specialty=&status=waiting`: the queue of one specialty. */
export const AdviceQueueQuerySchema = z.object({
  specialty: z.string({ error: ADVICE_MESSAGES.specialty }).regex(ADVICE_SPECIALTY_PATTERN, { error: ADVICE_MESSAGES.specialty }),
  /** Only the waiting (queued or ringing) requests are listed. */
  status: z.literal('waiting', { error: 'status må være waiting / status must be waiting' }).default('waiting'),
});

/** One waiting request in the queue: names and priority only, never the ISBAR. */
export interface AdviceQueueItemDto {
  readonly id: string;
  readonly priority: AdvicePriority;
  readonly status: AdviceStatus;
  readonly requester: { readonly id: string; readonly name: string; readonly organization: string };
  readonly createdAt: string;
  readonly position: number;
}

export interface AdviceQueueDto {
  readonly specialty: string;
  readonly requests: readonly AdviceQueueItemDto[];
}

/** One of the requester's own requests in «Mine forespørsler», with the advice note once answered. */
export interface OwnAdviceRequestDto {
  readonly id: string;
  /** The directory id; the tab shows the catalogue's name. */
  readonly specialty: string;
  readonly priority: AdvicePriority;
  readonly status: AdviceStatus;
  readonly acceptedBy: { readonly id: string; readonly name: string } | null;
  readonly advice: Isbar | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

/** `GET /api/advice-requests/mine`: the signed-in requester's open requests and those of the last 30 days, newest first. */
export interface OwnAdviceRequestsDto {
  readonly requests: readonly OwnAdviceRequestDto[];
}

/** `GET /api/advice-requests/specialties`: the specialties with specialists to ask. */
export interface AdviceSpecialtiesDto {
  readonly specialties: readonly string[];
}
