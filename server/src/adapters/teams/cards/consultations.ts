/**
 * Renders the consultations service's Teams notices: Norwegian bokmål first, English second; an Adaptive
 * Card (1.5) and a short plain-text fallback. Wording comes from the text catalogue (shared/texts.ts).
 */
import type { ConsultationsNotice, GuestWaitingNotice } from '../../../core/consultations/teams-notices';
import type { RenderedTeamsMessage } from '../../../core/ports';
import { formatOslo } from '../../../shared/oslo-time';
import { GUEST_WAITING_TEXTS } from '../../../shared/texts';

const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export function renderConsultationsNotice(notice: ConsultationsNotice): RenderedTeamsMessage {
  switch (notice.kind) {
    case 'consultations.guest-waiting':
      return renderGuestWaiting(notice);
    default:
      notice.kind satisfies never;
      throw new Error('unknown consultations notice');
  }
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
