/**
 * Texts of the AMK console's list of open citizen video sessions, Norwegian bokmål first and
 * English second (the English catalogue must have the Norwegian one's shape).
 */
import type { Locale } from '../i18n';

const nb = {
  heading: 'Åpne videolenker',
  empty: 'Ingen åpne videolenker nå.',
  caption: 'Videolenker sendt fra AMK-sentralen de siste timene',
  number: 'Mobilnummer',
  endsWith: (last3: string) => `…${last3}`,
  status: 'Status',
  link: 'Lenken',
  location: 'Posisjon',
  sentBy: 'Sendt av',
  actions: 'Handlinger',
  you: 'Deg',
  statuses: {
    link_sent: 'Lenke sendt',
    link_opened: 'Lenken er åpnet',
    consented: 'Samtykke gitt',
    photos: 'Bare bilder',
    video: 'Video tilkoblet',
    expired: 'Utløpt',
    ended: 'Avsluttet',
  },
  photos: (n: number) => (n === 1 ? '1 bilde' : `${n} bilder`),
  minutesLeft: (m: number) => (m <= 1 ? 'under 1 min igjen' : `${m} min igjen`),
  linkExpired: 'utløpt',
  linkUsed: 'åpnet',
  noLocation: 'ikke delt',
  position: (lat: string, lon: string, meters: number) => `${lat}, ${lon} (±${Math.round(meters)} m)`,
  open: 'Åpne',
  resend: 'Send på nytt',
  end: 'Avslutt',
  rowAction: (action: string, last3: string) => `${action} …${last3}`,
  resent: (last3: string) => `Ny lenke er sendt til …${last3}.`,
  ended: (last3: string) => `Videosamtalen med …${last3} er avsluttet.`,
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends (...args: infer A) => string ? (...args: A) => string : Widen<T[K]> };
export type CitizenVideoListTexts = Widen<typeof nb>;

const en: CitizenVideoListTexts = {
  heading: 'Open video links',
  empty: 'No open video links now.',
  caption: 'Video links sent from the AMK centre in the last hours',
  number: 'Mobile number',
  endsWith: (last3) => `…${last3}`,
  status: 'Status',
  link: 'Link',
  location: 'Location',
  sentBy: 'Sent by',
  actions: 'Actions',
  you: 'You',
  statuses: {
    link_sent: 'Link sent',
    link_opened: 'Link opened',
    consented: 'Consent given',
    photos: 'Photos only',
    video: 'Video connected',
    expired: 'Expired',
    ended: 'Ended',
  },
  photos: (n) => (n === 1 ? '1 photo' : `${n} photos`),
  minutesLeft: (m) => (m <= 1 ? 'under 1 min left' : `${m} min left`),
  linkExpired: 'expired',
  linkUsed: 'opened',
  noLocation: 'not shared',
  position: (lat, lon, meters) => `${lat}, ${lon} (±${Math.round(meters)} m)`,
  open: 'Open',
  resend: 'Resend',
  end: 'End',
  rowAction: (action, last3) => `${action} …${last3}`,
  resent: (last3) => `A new link was sent to …${last3}.`,
  ended: (last3) => `The video call with …${last3} has ended.`,
};

export const CITIZEN_VIDEO_LIST_TEXTS: Record<Locale, CitizenVideoListTexts> = { nb, en };
