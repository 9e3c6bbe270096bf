/**
 * Renders the consultations service's Teams notices: Norwegian bokmål first, English second; an Adaptive
 * Card (1.5) and a short plain-text fallback. Wording comes from the text catalogue (shared/texts.ts).
 */
import type { ConsultationsNotice, GuestWaitingNotice, MeetingNotice, SummarySavedNotice } from '../../../core/consultations/teams-notices';
import type { RenderedTeamsMessage } from '../../../core/ports';
import type { MeetingNoticeKind } from '../../../shared/consultation-terms';
import { formatOslo, osloSpanNb, osloTimeEn, osloTimeNb } from '../../../shared/oslo-time';
import { CARD_ACTION_LABELS, GUEST_WAITING_TEXTS, MEETING_NOTICE_HEADLINES, PARTICIPANT_ROLE_LABELS, meetingNoticeSentence } from '../../../shared/texts';
import { adaptiveCard, bilingual, factSet, openUrlAction, textBlock } from './adaptive-card';

const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export function renderConsultationsNotice(notice: ConsultationsNotice): RenderedTeamsMessage {
  switch (notice.kind) {
    case 'consultations.invitation':
    case 'consultations.update':
    case 'consultations.cancellation':
    case 'consultations.reminder':
      return meetingCard(notice);
    case 'consultations.summary_saved':
      return summarySavedCard(notice);
    case 'consultations.guest-waiting':
      return renderGuestWaiting(notice);
    default:
      notice satisfies never;
      throw new Error('unknown consultations notice');
  }
}

const MEETING_KINDS: Readonly<Record<MeetingNotice['kind'], MeetingNoticeKind>> = {
  'consultations.invitation': 'invitation',
  'consultations.update': 'update',
  'consultations.cancellation': 'cancellation',
  'consultations.reminder': 'reminder',
};

/** A clinician's personal chat: the headline, time, role, «Bli med» (when there is something to join) and the tab. */
function meetingCard(notice: MeetingNotice): RenderedTeamsMessage {
  const kind = MEETING_KINDS[notice.kind];
  const headline = MEETING_NOTICE_HEADLINES[kind];
  const when = osloSpanNb(notice.startsAt, notice.endsAt);
  const sentence = meetingNoticeSentence(kind, { nb: when, en: osloTimeEn(notice.startsAt) }, notice.role);
  const actions = [
    ...(notice.joinUrl ? [openUrlAction(bilingual(CARD_ACTION_LABELS.join), notice.joinUrl, 'positive')] : []),
    openUrlAction(bilingual(CARD_ACTION_LABELS.openInSamrom), notice.tabUrl),
  ];
  const card = adaptiveCard(
    [
      textBlock(headline.nb, { size: 'Medium', weight: 'Bolder' }),
      factSet([
        { title: 'Tidspunkt', value: when },
        { title: 'Din rolle', value: PARTICIPANT_ROLE_LABELS[notice.role].nb },
      ]),
      textBlock(sentence.en, { isSubtle: true, size: 'Small' }),
    ],
    actions,
    `${sentence.nb} ${sentence.en}`,
  );
  return { text: `${headline.nb}: ${osloTimeNb(notice.startsAt)} / ${headline.en}: ${osloTimeEn(notice.startsAt)}`, card };
}

/** Time and a link only: the title and the summary are clinical and stay in Samrom. */
function summarySavedCard(notice: SummarySavedNotice): RenderedTeamsMessage {
  const when = formatOslo(notice.startsAt, 'nb');
  return {
    text: `Referatet fra samtalen ${when} er lagret i Samrom. / The summary of the meeting is saved in Samrom. ${notice.url}`,
    card: adaptiveCard(
      [textBlock('Referat lagret / Summary saved', { weight: 'Bolder', size: 'Medium' }), textBlock(`Samtalen ${when}`)],
      [openUrlAction(bilingual(CARD_ACTION_LABELS.openInSamrom), notice.url)],
    ),
  };
}

/** «Kari Nordmann (pasient) venter», when the meeting starts, and a button to the meeting where «Slipp inn» is. */
function renderGuestWaiting(notice: GuestWaitingNotice): RenderedTeamsMessage {
  const t = GUEST_WAITING_TEXTS;
  const headline = t.headline(notice.guestName, notice.guestRole);
  const card = {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: '1.5',
    fallbackText: `${headline.nb} / ${headline.en}`,
    body: [
      { type: 'TextBlock', text: headline.nb, size: 'Medium', weight: 'Bolder', wrap: true },
      { type: 'FactSet', facts: [{ title: t.meetingStarts.nb, value: formatOslo(notice.startsAt, 'nb') }] },
      { type: 'TextBlock', text: `${headline.en}. ${t.meetingStarts.en} ${formatOslo(notice.startsAt, 'en')}.`, wrap: true, isSubtle: true, size: 'Small' },
    ],
    actions: [{ type: 'Action.OpenUrl', title: t.open.nb, url: notice.tabUrl, style: 'positive' }],
  };
  return { text: `${headline.nb} / ${headline.en}`, card };
}
