/** Texts of the clinician's call panel; nb and en of the same shape, chosen by `useI18n().locale`. */
import type { ParticipantRole } from '../../../server/src/contracts/consultations';
import { PARTICIPANT_ROLE_LABELS } from '../../../server/src/contracts/joining';

const nb = {
  heading: 'Videomøtet',
  join: 'Bli med i samtalen',
  joining: 'Henter tilgang til møtet …',
  joinFailed: 'Kunne ikke bli med',
  lobbyHeading: 'Venter i lobbyen',
  lobbyEmpty: 'Ingen venter nå.',
  waitingCount: (n: number) => `${n} venter`,
  admit: 'Slipp inn',
  admitName: (name: string) => `Slipp inn ${name}`,
  admitFailed: 'Kunne ikke slippe inn',
  admitted: 'Sluppet inn',
  waitingSince: (time: string) => `venter siden ${time}`,
  lobbyFailed: 'Kunne ikke hente lobbyen',
  role: (role: ParticipantRole) => PARTICIPANT_ROLE_LABELS[role].nb,
};

export type CallPanelTexts = typeof nb;

const en: CallPanelTexts = {
  heading: 'The video meeting',
  join: 'Join the meeting',
  joining: 'Getting access to the meeting …',
  joinFailed: 'Could not join',
  lobbyHeading: 'Waiting in the lobby',
  lobbyEmpty: 'Nobody is waiting now.',
  waitingCount: (n: number) => `${n} waiting`,
  admit: 'Let in',
  admitName: (name) => `Let in ${name}`,
  admitFailed: 'Could not let them in',
  admitted: 'Let in',
  waitingSince: (time) => `waiting since ${time}`,
  lobbyFailed: 'Could not load the lobby',
  role: (role) => PARTICIPANT_ROLE_LABELS[role].en,
};

export const CALL_PANEL_TEXTS = { nb, en } as const;
