/**
 * Health data that must never reach a log line, Redis, LiveKit or a message: a valid synthetic
 * national id, a mobile number, a name, ISBAR text and vital signs, each distinctive enough to
 * search for. Tests put them where a careless world would and assert they come out nowhere.
 */
import { nationalIdCheckDigits } from '../../server/src/shared/national-id';

const FIRST_NINE = '240587321';
export const NATIONAL_ID = FIRST_NINE + nationalIdCheckDigits(FIRST_NINE);
export const PHONE = '+4791838271';
export const NAME = 'Ingrid Markørsen';
export const EMAIL = 'ingrid.markorsen@example.no';
export const ISBAR_TEXT = 'Markørtekst: trykkende brystsmerter siden i natt';
export const VITALS = {
  respirationRate: 29,
  spo2: 83,
  spo2Scale: 1,
  onOxygen: false,
  systolicBp: 87,
  pulse: 137,
  consciousness: 'confusion',
  temperature: 38.7,
} as const;
export const ISBAR = {
  identification: `${NAME}, ${NATIONAL_ID}, tlf ${PHONE}`,
  situation: ISBAR_TEXT,
  background: 'KOLS',
  assessment: 'Mistenkt sepsis',
  recommendation: 'Vurder innleggelse',
};

/** What must appear nowhere: the phone without its country code, vital signs as their distinctive value and keys. */
export const HEALTH_MARKERS = [
  NATIONAL_ID,
  PHONE.slice(3),
  NAME,
  'Markørsen',
  EMAIL,
  ISBAR_TEXT,
  'brystsmerter',
  'Mistenkt sepsis',
  '38.7',
  'respirationRate',
  'systolicBp',
];
