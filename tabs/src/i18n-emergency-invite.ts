/** Texts of the «Koble inn» panel in the AMK console (its own catalogue, nb and en of the same shape). */
import { type Locale, useI18n } from './i18n';

const nb = {
  heading: 'Koble inn en tredjepart',
  specialty: 'Spesialitet',
  chooseSpecialty: 'Velg spesialitet',
  inviteOnCall: 'Koble inn vakthavende',
  person: 'Eller en kliniker',
  choosePerson: 'Velg person',
  invitePerson: 'Koble inn',
  inviting: 'Kobler inn …',
  invited: (name: string) => `${name} er varslet i Teams og kan bli med i samtalen.`,
  alreadyInvited: (name: string) => `${name} var allerede koblet inn.`,
  loading: 'Henter klinikere …',
};

type Catalogue = { readonly [K in keyof typeof nb]: (typeof nb)[K] extends string ? string : (typeof nb)[K] };

const en: Catalogue = {
  heading: 'Bring in a third party',
  specialty: 'Specialty',
  chooseSpecialty: 'Choose a specialty',
  inviteOnCall: 'Bring in the on-call doctor',
  person: 'Or a clinician',
  choosePerson: 'Choose a person',
  invitePerson: 'Bring in',
  inviting: 'Bringing in …',
  invited: (name) => `${name} has been alerted in Teams and may join the call.`,
  alreadyInvited: (name) => `${name} was already brought in.`,
  loading: 'Loading clinicians …',
};

export const EMERGENCY_INVITE_CATALOGUES: Readonly<Record<Locale, Catalogue>> = { nb, en };

export function useEmergencyInviteText(): Catalogue {
  return EMERGENCY_INVITE_CATALOGUES[useI18n().locale];
}
