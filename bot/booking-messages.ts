/**
 * The texts of booking from the chat, bokmål first. Like every bot text they never echo what
 * the user typed and never carry the consultation's title (it may hold clinical words).
 */
import { participantRoleLabels } from '../server/src/shared/texts';
import type { ParticipantRole } from '../server/src/contracts/consultations';
import { type Language, languageFor } from './messages';

export interface BookingMessages {
  readonly formTitle: string;
  readonly formIntro: string;
  readonly title: string;
  readonly titleHint: string;
  readonly patientHeading: string;
  readonly patientName: string;
  readonly patientPhone: string;
  readonly patientEmail: string;
  readonly patientNationalId: string;
  readonly whenHeading: string;
  readonly date: string;
  readonly time: string;
  readonly duration: string;
  readonly minutes: (n: number) => string;
  readonly clinicians: string;
  readonly cliniciansHint: string;
  readonly relativeHeading: string;
  readonly relativeName: string;
  readonly relativePhone: string;
  readonly relativeConsent: string;
  readonly consentYes: string;
  readonly submit: string;
  readonly booked: string;
  readonly bookedIntro: string;
  readonly when: string;
  readonly participants: string;
  readonly openMeeting: string;
  readonly notBooked: string;
  readonly fixAndRetry: string;
  readonly doubleBooked: string;
  readonly unknownUser: string;
  readonly notAllowed: string;
  readonly unavailable: string;
  readonly roles: Readonly<Record<ParticipantRole, string>>;
}

const nb: BookingMessages = {
  formTitle: 'Book tverrfaglig samtale',
  formIntro: 'Fyll ut og trykk «Book». Tiden er norsk tid (Europe/Oslo).',
  title: 'Tittel',
  titleHint: 'Vises bare i Samrom, aldri i varsler',
  patientHeading: 'Pasient',
  patientName: 'Pasientens navn',
  patientPhone: 'Pasientens mobilnummer',
  patientEmail: 'Pasientens e-post',
  patientNationalId: 'Fødselsnummer (valgfritt)',
  whenHeading: 'Tidspunkt',
  date: 'Dato',
  time: 'Klokkeslett',
  duration: 'Varighet',
  minutes: (n) => `${n} minutter`,
  clinicians: 'Klinikere og koordinatorer',
  cliniciansHint: 'Navn (rolle, organisasjon)',
  relativeHeading: 'Pårørende (valgfritt)',
  relativeName: 'Pårørendes navn',
  relativePhone: 'Pårørendes mobilnummer',
  relativeConsent: 'Pasienten har samtykket til at pårørende deltar',
  consentYes: 'Ja, pasienten har samtykket',
  submit: 'Book',
  booked: 'Samtalen er booket',
  bookedIntro: 'Deltakerne får invitasjon og påminnelser.',
  when: 'Tid',
  participants: 'Deltakere',
  openMeeting: 'Åpne samtalen',
  notBooked: 'Samtalen ble ikke booket',
  fixAndRetry: 'Rett dette i skjemaet over og trykk «Book» igjen:',
  doubleBooked: 'Noen av deltakerne er opptatt på dette tidspunktet. Velg en annen tid.',
  unknownUser: 'Beklager, jeg finner deg ikke i Samroms katalog, så jeg kan ikke booke for deg. Kontakt en administrator.',
  notAllowed: 'Beklager, bare koordinatorer, spesialister og fastleger kan booke samtaler.',
  unavailable: 'Beklager, noe gikk galt hos oss, og samtalen ble ikke booket. Prøv igjen om litt.',
  roles: participantRoleLabels('nb'),
};

const en: BookingMessages = {
  formTitle: 'Book an interdisciplinary meeting',
  formIntro: 'Fill in and press «Book». Times are Norwegian time (Europe/Oslo).',
  title: 'Title',
  titleHint: 'Shown only in Samrom, never in notifications',
  patientHeading: 'Patient',
  patientName: "Patient's name",
  patientPhone: "Patient's mobile number",
  patientEmail: "Patient's e-mail",
  patientNationalId: 'National id (optional)',
  whenHeading: 'Time',
  date: 'Date',
  time: 'Time of day',
  duration: 'Duration',
  minutes: (n) => `${n} minutes`,
  clinicians: 'Clinicians and coordinators',
  cliniciansHint: 'Name (role, organisation)',
  relativeHeading: 'Relative (optional)',
  relativeName: "Relative's name",
  relativePhone: "Relative's mobile number",
  relativeConsent: 'The patient has consented to the relative taking part',
  consentYes: 'Yes, the patient has consented',
  submit: 'Book',
  booked: 'The meeting is booked',
  bookedIntro: 'The participants get an invitation and reminders.',
  when: 'When',
  participants: 'Participants',
  openMeeting: 'Open the meeting',
  notBooked: 'The meeting was not booked',
  fixAndRetry: 'Correct this in the form above and press «Book» again:',
  doubleBooked: 'Someone is already busy at this time. Choose another time.',
  unknownUser: 'Sorry, I cannot find you in the Samrom directory, so I cannot book for you. Contact an administrator.',
  notAllowed: 'Sorry, only coordinators, specialists and GPs can book meetings.',
  unavailable: 'Sorry, something went wrong on our side and the meeting was not booked. Please try again shortly.',
  roles: participantRoleLabels('en'),
};

const catalogue: Readonly<Record<Language, BookingMessages>> = { nb, en };

export function bookingMessagesFor(locale: string | undefined | null): BookingMessages {
  return catalogue[languageFor(locale)];
}
