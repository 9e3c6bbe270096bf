/** Texts of the «Ambulanse» panel in the emergency call view (its own catalogue, nb and en of the same shape). */
import { type Locale, useI18n } from './i18n';

const nb = {
  heading: 'Koble inn ambulanse',
  intro: 'Ambulansen får en SMS med en personlig lenke til denne videosamtalen. SMS-en sier ingenting om pasienten.',
  phone: 'Mobilnummer til ambulansen',
  phoneHint: 'Norsk mobilnummer, for eksempel 912 34 567',
  send: 'Send lenke',
  sending: 'Sender …',
  resend: 'Send lenken på nytt',
  sent: (last3: string) => `Lenken er sendt til nummeret som slutter på ${last3}.`,
  links: 'Ambulanse i samtalen',
  number: (last3: string) => `Nummer som slutter på ${last3}`,
  statusQueued: 'sendes',
  statusSent: 'SMS sendt',
  statusFailed: 'SMS-en kunne ikke sendes – send lenken på nytt, eller ring ambulansen',
  statusOpened: 'lenken er åpnet',
  statusJoined: 'med i samtalen',
  validUntil: (time: string) => `lenken virker til ${time}`,
};

type Catalogue = { readonly [K in keyof typeof nb]: (typeof nb)[K] extends string ? string : (typeof nb)[K] };

const en: Catalogue = {
  heading: 'Bring in an ambulance crew',
  intro: 'The crew gets a text message with a personal link to this video call. The message says nothing about the patient.',
  phone: "Ambulance crew's mobile number",
  phoneHint: 'A Norwegian mobile number, e.g. 912 34 567',
  send: 'Send link',
  sending: 'Sending …',
  resend: 'Send the link again',
  sent: (last3) => `The link was sent to the number ending in ${last3}.`,
  links: 'Ambulance crew in the call',
  number: (last3) => `Number ending in ${last3}`,
  statusQueued: 'being sent',
  statusSent: 'text sent',
  statusFailed: 'the text could not be sent – send the link again, or phone the crew',
  statusOpened: 'link opened',
  statusJoined: 'in the call',
  validUntil: (time) => `link valid until ${time}`,
};

export const EMERGENCY_CREW_CATALOGUES: Readonly<Record<Locale, Catalogue>> = { nb, en };

export function useEmergencyCrewText(): Catalogue {
  return EMERGENCY_CREW_CATALOGUES[useI18n().locale];
}
