/**
 * The words and limits of citizen video (a 113 caller's phone shows AMK the scene) that the
 * core, the contracts and the pages all use: link time, photo limits, session statuses and the
 * messages ("bokmål / English"). Plain values, browser-safe.
 */

/** A link works this long after it was sent. @defaultValue 15 */
export const CITIZEN_LINK_MINUTES = 15;
/** Ended sessions stay in AMK's list this long. @defaultValue 30 */
export const RECENTLY_ENDED_MINUTES = 30;
/** Sessions older than this leave AMK's list even when not ended. @defaultValue 12 */
export const OPEN_SESSION_HOURS = 12;
/** The largest still photo a caller may send. @defaultValue 5 MiB */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Photos per session. @defaultValue 20 */
export const MAX_PHOTOS_PER_SESSION = 20;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/gif'] as const;

export const CITIZEN_VIDEO_MESSAGES = {
  phoneRequired: 'Oppgi et norsk mobilnummer / Give a Norwegian mobile number',
  notNorwegian: 'Nummeret må være et norsk mobilnummer (+47) / The number must be a Norwegian mobile number (+47)',
  noConsent: 'Innringeren har ikke samtykket til video ennå / The caller has not consented to video yet',
  ended: 'Videosamtalen er avsluttet / The video call has ended',
  location: 'Posisjonen er ugyldig / The location is invalid',
  photoType: 'Bare bilder (JPEG, PNG, WebP, HEIC) / Images only (JPEG, PNG, WebP, HEIC)',
  photoTooMany: `Høyst ${MAX_PHOTOS_PER_SESSION} bilder / At most ${MAX_PHOTOS_PER_SESSION} photos`,
  personRequired: 'Velg en person fra katalogen / Choose a person from the directory',
  notClinician: 'Personen må være lege i katalogen / The person must be a doctor in the directory',
} as const;

export type CitizenVideoStatus = 'link_sent' | 'link_opened' | 'consented' | 'video' | 'ended' | 'expired';
