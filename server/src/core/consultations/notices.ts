/**
 * What invitations, updates, cancellations and reminders say, in Norwegian bokmål first and
 * English second. Pure text out of plain facts.
 *
 * Privacy: there is no parameter for the title, the patient's name, a national id or any
 * clinical text. A notice says when, in which role, and carries a link at most: a personal
 * join link for guests, a link that needs sign-in for clinicians.
 */
import type { ParticipantRole } from '../../shared/consultation-terms';
import { PARTICIPANT_ROLE_LABELS } from '../../shared/texts';
import type { RenderedTeamsMessage } from '../ports';
import { OSLO } from '../../shared/oslo-time';

export type NoticeKind = 'invitation' | 'update' | 'cancellation' | 'reminder';

export interface NoticeFacts {
  readonly kind: NoticeKind;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly role: ParticipantRole;
  /** The recipient's join link; absent on a cancellation. */
  readonly joinUrl?: string;
  /**
   * `personal`: a guest's own link (no sign-in; not to be shared). `sign-in`: the meeting in
   * Samrom, for clinicians, who sign in with their work account. @defaultValue 'personal'
   */
  readonly link?: 'personal' | 'sign-in';
}

/** The participants' role labels (one wording for the bot, the tabs and the notices). */
export const ROLE_LABELS = PARTICIPANT_ROLE_LABELS;

const HEADLINES: Readonly<Record<NoticeKind, { readonly nb: string; readonly en: string }>> = {
  invitation: { nb: 'Invitasjon til videomøte', en: 'Invitation to a video meeting' },
  update: { nb: 'Oppdatert invitasjon til videomøte', en: 'Updated invitation to a video meeting' },
  cancellation: { nb: 'Videomøtet er avlyst', en: 'The video meeting is cancelled' },
  reminder: { nb: 'Påminnelse om videomøte', en: 'Reminder: video meeting' },
};

const NB_TIME = new Intl.DateTimeFormat('nb-NO', {
  timeZone: OSLO,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const EN_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});
const CLOCK = new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, hour: '2-digit', minute: '2-digit' });

/** `mandag 29. mars 2027 kl. 10:00` (Europe/Oslo). */
export const osloTimeNb = (instant: Date): string => NB_TIME.format(instant);
/** `Monday, 29 March 2027 at 10:00 CEST` (Europe/Oslo). */
export const osloTimeEn = (instant: Date): string => EN_TIME.format(instant);

function sentences(f: NoticeFacts): { nb: string; en: string } {
  const role = ROLE_LABELS[f.role];
  const nbWhen = `${osloTimeNb(f.startsAt)}–${CLOCK.format(f.endsAt)}`;
  const enWhen = osloTimeEn(f.startsAt);
  switch (f.kind) {
    case 'invitation':
      return {
        nb: `Du er invitert til et tverrfaglig videomøte ${nbWhen}, som ${role.nb}.`,
        en: `You are invited to an interdisciplinary video meeting on ${enWhen}, as ${role.en}.`,
      };
    case 'update':
      return {
        // Also what someone added by the change gets, so it reads as an invitation.
        nb: `Oppdatert invitasjon: tverrfaglig videomøte ${nbWhen}, som ${role.nb}. Gjelder i stedet for tidligere beskjeder.`,
        en: `Updated invitation: interdisciplinary video meeting on ${enWhen}, as ${role.en}. Replaces earlier messages.`,
      };
    case 'cancellation':
      return {
        nb: `Videomøtet ${nbWhen} er avlyst. Du trenger ikke gjøre noe.`,
        en: `The video meeting on ${enWhen} is cancelled. You need not do anything.`,
      };
    case 'reminder':
      return {
        nb: `Påminnelse: Du har et videomøte ${nbWhen}, som ${role.nb}.`,
        en: `Reminder: you have a video meeting on ${enWhen}, as ${role.en}.`,
      };
    default:
      return f.kind satisfies never;
  }
}

/** One short SMS: the Norwegian sentence, the link, then English. */
export function smsText(f: NoticeFacts): string {
  const s = sentences(f);
  const join = f.joinUrl ? `\nBli med / Join: ${f.joinUrl}` : '';
  return `Samrom: ${s.nb}${join}\n${s.en}`;
}

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  /** The calendar entry's description: plain instructions and the link only. */
  readonly calendarDescription: string;
}

export function emailContent(f: NoticeFacts): EmailContent {
  const s = sentences(f);
  const headline = HEADLINES[f.kind];
  const howTo = !f.joinUrl
    ? { nb: '', en: '' }
    : f.link === 'sign-in'
      ? {
          nb: `Åpne møtet i Samrom og logg inn med jobbkontoen din: ${f.joinUrl}`,
          en: `Open the meeting in Samrom and sign in with your work account: ${f.joinUrl}`,
        }
      : {
          nb: `Bli med fra mobil eller PC med denne personlige lenken (ikke del den): ${f.joinUrl}\nLenken virker fra 24 timer før møtet. Du trenger ikke installere noe.`,
          en: `Join from your phone or computer with this personal link (do not share it): ${f.joinUrl}\nThe link works from 24 hours before the meeting. Nothing to install.`,
        };
  const text = [s.nb, howTo.nb, '—', s.en, howTo.en, 'Samrom'].filter((part) => part !== '').join('\n\n');
  return {
    subject: `${headline.nb} / ${headline.en}`,
    text,
    calendarDescription: f.joinUrl ? `Bli med / Join: ${f.joinUrl}` : `${s.nb} / ${s.en}`,
  };
}

export interface TeamsNoticeFacts extends NoticeFacts {
  /** The meeting in the Samrom tab (a Teams deep link, or the browser URL without a Teams app id). */
  readonly tabUrl: string;
}

const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** An Adaptive Card (1.5) for a clinician's personal chat: time, role, «Bli med», the tab. */
export function teamsNotice(f: TeamsNoticeFacts): RenderedTeamsMessage {
  const s = sentences(f);
  const headline = HEADLINES[f.kind];
  const role = ROLE_LABELS[f.role];
  const actions = [
    ...(f.joinUrl ? [{ type: 'Action.OpenUrl', title: 'Bli med / Join', url: f.joinUrl, style: 'positive' }] : []),
    { type: 'Action.OpenUrl', title: 'Åpne i Samrom / Open in Samrom', url: f.tabUrl },
  ];
  const card = {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: '1.5',
    fallbackText: `${s.nb} ${s.en}`,
    body: [
      { type: 'TextBlock', text: headline.nb, size: 'Medium', weight: 'Bolder', wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Tidspunkt', value: `${osloTimeNb(f.startsAt)}–${CLOCK.format(f.endsAt)}` },
          { title: 'Din rolle', value: role.nb },
        ],
      },
      { type: 'TextBlock', text: s.en, wrap: true, isSubtle: true, size: 'Small' },
    ],
    actions,
  };
  return { text: `${headline.nb}: ${osloTimeNb(f.startsAt)} / ${headline.en}: ${osloTimeEn(f.startsAt)}`, card };
}
