/**
 * What invitations, updates, cancellations and reminders say by SMS and e-mail, in Norwegian
 * bokmål first and English second. Pure text out of plain facts; the sentences and headlines are
 * the text catalogue's (`shared/texts.ts`), which the Teams card says too
 * (`adapters/teams/cards/consultations.ts`, from a `consultations.<kind>` notice). The SMS and
 * e-mail ports take finished text, so their wording is put together here.
 *
 * Privacy: there is no parameter for the title, the patient's name, a national id or any
 * clinical text. A notice says when, in which role, and carries a link at most: a personal
 * join link for guests, a link that needs sign-in for clinicians.
 */
import type { MeetingNoticeKind, ParticipantRole } from '../../shared/consultation-terms';
import { osloSpanNb, osloTimeEn } from '../../shared/oslo-time';
import { type Bilingual, MEETING_NOTICE_HEADLINES, PARTICIPANT_ROLE_LABELS, meetingNoticeSentence } from '../../shared/texts';

export type NoticeKind = MeetingNoticeKind;

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

function sentences(f: NoticeFacts): Bilingual {
  return meetingNoticeSentence(f.kind, { nb: osloSpanNb(f.startsAt, f.endsAt), en: osloTimeEn(f.startsAt) }, f.role);
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
  const headline = MEETING_NOTICE_HEADLINES[f.kind];
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
