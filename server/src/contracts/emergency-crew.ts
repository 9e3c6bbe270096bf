/**
 * An ambulance crew pulled into an emergency call by SMS link: AMK (the operator who answered)
 * enters the crew's Norwegian mobile number; the crew's browser joins the call's room.
 * Shapes shared by the server, the call view and the crew page (browser-safe).
 */
import { z } from 'zod';
import { norwegianMobile } from './citizen-video';

export { CREW_DISPLAY_NAME, CREW_LINK_MINUTES } from '../shared/emergency-terms';

/** `POST /api/emergency-calls/:id/crew`: the number as typed; checked (Norwegian mobile) by the server. */
export const InviteCrewSchema = z.object({
  phone: norwegianMobile(z.string({ error: 'Oppgi et norsk mobilnummer / Give a Norwegian mobile number' }).max(40)),
});

/** What the call view shows of a link sent: never the whole number. */
export interface EmergencyCrewLinkDto {
  readonly id: string;
  /** The number's last three digits. */
  readonly phoneLast3: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly sentAt: string | null;
  /** The SMS provider refused the link on the last attempt: send again, or phone the crew. */
  readonly failedAt: string | null;
  /** The crew opened the link. */
  readonly openedAt: string | null;
  /** The crew took a video token for the call. */
  readonly joinedAt: string | null;
}

/** `POST` (201, the link just made) and `GET /api/emergency-calls/:id/crew` (every link, oldest first). */
export interface EmergencyCrewDto {
  readonly callId: string;
  readonly links: readonly EmergencyCrewLinkDto[];
}

/** `GET /api/crew/me` on the crew page. */
export interface CrewMeDto {
  readonly callStatus: 'active' | 'ended';
}
