/**
 * Texts of the AMK console's citizen video panel, Norwegian bokmål first and English second
 * (the English catalogue must have the Norwegian one's shape). Chosen by `useI18n().locale`.
 */
import type { CitizenVideoStatus } from '../../../server/src/contracts/citizen-video';
import type { Locale } from '../i18n';

const nb = {
  heading: 'Video fra innringer',
  intro: 'Send en SMS med en videolenke til den som ringer 113. Lenken virker i 15 minutter.',
  phone: 'Mobilnummer',
  phoneHint: 'Norsk mobilnummer, for eksempel 912 34 567',
  send: 'Send videolenke',
  sending: 'Sender …',
  status: 'Status',
  statuses: {
    link_sent: 'Lenke sendt',
    link_opened: 'Lenken er åpnet',
    consented: 'Innringeren har samtykket',
    video: 'Video',
    ended: 'Avsluttet',
    expired: 'Lenken er utløpt',
  } satisfies Record<CitizenVideoStatus, string>,
  linkValidUntil: (time: string) => `Lenken virker til ${time}.`,
  location: 'Posisjon',
  noLocation: 'Innringeren har ikke delt posisjon.',
  latitude: 'Breddegrad',
  longitude: 'Lengdegrad',
  accuracy: 'Nøyaktighet',
  meters: (m: number) => `${Math.round(m)} m`,
  map: 'Vis i kart',
  photos: 'Bilder fra innringer',
  photoAlt: (n: number) => `Bilde ${n} fra innringer`,
  watch: 'Se video',
  resend: 'Send lenken på nytt',
  resent: 'Ny lenke er sendt.',
  addDoctor: 'Legg til lege',
  doctor: 'Lege',
  choose: 'Velg lege',
  add: 'Legg til',
  invited: 'Lagt til',
  end: 'Avslutt',
  newSession: 'Ny videolenke',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends (...args: infer A) => string ? (...args: A) => string : Widen<T[K]> };
export type CitizenVideoTexts = Widen<typeof nb>;

const en: CitizenVideoTexts = {
  heading: 'Video from a caller',
  intro: 'Send a text message with a video link to the person calling 113. The link works for 15 minutes.',
  phone: 'Mobile number',
  phoneHint: 'A Norwegian mobile number, e.g. 912 34 567',
  send: 'Send video link',
  sending: 'Sending …',
  status: 'Status',
  statuses: {
    link_sent: 'Link sent',
    link_opened: 'Link opened',
    consented: 'The caller consented',
    video: 'Video',
    ended: 'Ended',
    expired: 'The link has expired',
  },
  linkValidUntil: (time: string) => `The link works until ${time}.`,
  location: 'Location',
  noLocation: 'The caller has not shared a location.',
  latitude: 'Latitude',
  longitude: 'Longitude',
  accuracy: 'Accuracy',
  meters: (m: number) => `${Math.round(m)} m`,
  map: 'Show on a map',
  photos: 'Photos from the caller',
  photoAlt: (n: number) => `Photo ${n} from the caller`,
  watch: 'Watch video',
  resend: 'Send the link again',
  resent: 'A new link was sent.',
  addDoctor: 'Add a doctor',
  doctor: 'Doctor',
  choose: 'Choose a doctor',
  add: 'Add',
  invited: 'Added',
  end: 'End',
  newSession: 'New video link',
};

export const CITIZEN_VIDEO_TEXTS: Readonly<Record<Locale, CitizenVideoTexts>> = { nb, en };
