/**
 * Citizen video: AMK sends a 113 caller a personal link by SMS; the caller's phone shows AMK the
 * scene. Shapes shared by the server, the AMK console and the citizen page (browser-safe).
 */
import { z } from 'zod';
import { MOBILE_MESSAGES, normalizeMobile } from '../shared/contact';
import { CITIZEN_VIDEO_MESSAGES, type CitizenVideoStatus } from '../shared/citizen-video-terms';

export {
  CITIZEN_LINK_MINUTES,
  CITIZEN_VIDEO_MESSAGES,
  type CitizenVideoStatus,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_SESSION,
  OPEN_SESSION_HOURS,
  PHOTO_TYPES,
  RECENTLY_ENDED_MINUTES,
} from '../shared/citizen-video-terms';

/** A Norwegian mobile number (the SMS links: a 113 caller's, an ambulance crew's), out as E.164 (`+47…`). */
export function norwegianMobile(input: z.ZodString) {
  return input.transform((value, ctx) => {
    const result = normalizeMobile(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: MOBILE_MESSAGES[result.reason], input: value });
      return z.NEVER;
    }
    if (!result.e164.startsWith('+47')) {
      ctx.addIssue({ code: 'custom', message: CITIZEN_VIDEO_MESSAGES.notNorwegian, input: value });
      return z.NEVER;
    }
    return result.e164;
  });
}

export const CreateCitizenVideoSchema = z.object({
  phone: norwegianMobile(z.string({ error: CITIZEN_VIDEO_MESSAGES.phoneRequired })),
});

export const CitizenLocationSchema = z.object({
  latitude: z
    .number({ error: CITIZEN_VIDEO_MESSAGES.location })
    .min(-90, { error: CITIZEN_VIDEO_MESSAGES.location })
    .max(90, { error: CITIZEN_VIDEO_MESSAGES.location }),
  longitude: z
    .number({ error: CITIZEN_VIDEO_MESSAGES.location })
    .min(-180, { error: CITIZEN_VIDEO_MESSAGES.location })
    .max(180, { error: CITIZEN_VIDEO_MESSAGES.location }),
  accuracy: z
    .number({ error: CITIZEN_VIDEO_MESSAGES.location })
    .min(0, { error: CITIZEN_VIDEO_MESSAGES.location })
    .max(1_000_000, { error: CITIZEN_VIDEO_MESSAGES.location }),
});
export type CitizenLocation = z.infer<typeof CitizenLocationSchema>;

export const InviteToCitizenVideoSchema = z.object({
  personId: z.string({ error: CITIZEN_VIDEO_MESSAGES.personRequired }).trim().min(1, { error: CITIZEN_VIDEO_MESSAGES.personRequired }).max(200),
});

export interface CitizenLocationDto extends CitizenLocation {
  /** When the phone reported it (server time of receipt). */
  readonly at: string;
}

export interface CitizenVideoCreatedDto {
  readonly id: string;
  readonly status: 'link_sent';
  readonly expiresAt: string;
}

export interface CitizenVideoDto {
  readonly id: string;
  readonly status: CitizenVideoStatus;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly exchangedAt: string | null;
  readonly consentedAt: string | null;
  readonly videoConnectedAt: string | null;
  readonly endedAt: string | null;
  readonly location: CitizenLocationDto | null;
  readonly photos: readonly { readonly n: number; readonly contentType: string; readonly at: string }[];
  readonly invited: readonly { readonly personId: string; readonly name: string }[];
}

/** What the caller's page learns: never the phone number or who sent the link. */
export interface CitizenMeDto {
  readonly status: CitizenVideoStatus;
  readonly consentedAt: string | null;
  readonly locationShared: boolean;
  readonly photoCount: number;
}

export interface CitizenVideoTokenDto {
  readonly token: string;
  readonly serverUrl: string;
  readonly roomName: string;
  readonly expiresAt: string;
}

/** A doctor AMK may add to a session. */
export interface InvitableDoctorDto {
  readonly id: string;
  readonly name: string;
  readonly organization: string;
  readonly specialty: string | null;
}

/** One row of `GET /api/citizen-video`: the sessions AMK has open, never the whole phone number. */
export interface CitizenVideoSummaryDto {
  readonly id: string;
  readonly status: CitizenVideoStatus;
  /** The number's last three digits. */
  readonly phoneLast3: string;
  readonly createdAt: string;
  /** The newest link's expiry. */
  readonly expiresAt: string;
  readonly endedAt: string | null;
  readonly createdBy: { readonly id: string; readonly name: string };
  readonly location: CitizenLocationDto | null;
  readonly photoCount: number;
}

/** `GET /api/citizen-video`: open sessions (and those ended in the last {@link RECENTLY_ENDED_MINUTES} minutes), newest first. */
export interface CitizenVideoListDto {
  readonly sessions: readonly CitizenVideoSummaryDto[];
}
