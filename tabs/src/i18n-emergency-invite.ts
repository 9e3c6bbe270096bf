/** Texts of the «Koble inn» panel in the AMK console (its own catalogue, nb and en of the same shape). */
import type { InviteDelivery } from '../../server/src/contracts/emergency';
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
  invited: (name: string) => `${name} er koblet inn. Varselet sendes i Teams – se status under.`,
  alreadyInvited: (name: string) => `${name} var allerede koblet inn.`,
  loading: 'Henter klinikere …',
  listTitle: 'Koblet inn',
  /** What Teams answered, never more. */
  delivery: {
    pending: 'sender varsel i Teams …',
    delivered: 'varslet i Teams – kan bli med i samtalen',
    retrying: 'Teams svarer ikke – prøver igjen',
    failed: 'kunne ikke varsles i Teams',
  } satisfies Record<InviteDelivery, string>,
  ringInstead: (phone: string) => `Ring direkte: ${phone}`,
  noPhone: 'Ingen telefon i katalogen – ring via sentralbordet.',
};

type Catalogue = {
  readonly [K in keyof typeof nb]: (typeof nb)[K] extends string
    ? string
    : (typeof nb)[K] extends Record<InviteDelivery, string>
      ? Record<InviteDelivery, string>
      : (typeof nb)[K];
};

const en: Catalogue = {
  heading: 'Bring in a third party',
  specialty: 'Specialty',
  chooseSpecialty: 'Choose a specialty',
  inviteOnCall: 'Bring in the on-call doctor',
  person: 'Or a clinician',
  choosePerson: 'Choose a person',
  invitePerson: 'Bring in',
  inviting: 'Bringing in …',
  invited: (name) => `${name} is brought in. The alert is being sent in Teams – see the status below.`,
  alreadyInvited: (name) => `${name} was already brought in.`,
  loading: 'Loading clinicians …',
  listTitle: 'Brought in',
  delivery: {
    pending: 'sending the Teams alert …',
    delivered: 'alerted in Teams – may join the call',
    retrying: 'Teams is not answering – trying again',
    failed: 'could not be alerted in Teams',
  },
  ringInstead: (phone) => `Call directly: ${phone}`,
  noPhone: 'No phone in the directory – call through the switchboard.',
};

export const EMERGENCY_INVITE_CATALOGUES: Readonly<Record<Locale, Catalogue>> = { nb, en };

export function useEmergencyInviteText(): Catalogue {
  return EMERGENCY_INVITE_CATALOGUES[useI18n().locale];
}
