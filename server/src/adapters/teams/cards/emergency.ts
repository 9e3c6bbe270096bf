/**
 * Renders the emergency service's Teams notices: Norwegian bokmål first, English second; an Adaptive
 * Card (1.5) and a short plain-text fallback. Wording comes from the text catalogue (shared/texts.ts)
 * and the triage labels (the text catalogue, shared/texts.ts).
 */
import type { RenderedTeamsMessage } from '../../../core/ports';
import type { EmergencyCallNotice, EmergencyNotice } from '../../../core/emergency/teams-notices';
import type { Triage } from '../../../shared/emergency-terms';
import { TRIAGE_LABELS } from '../../../shared/texts';
import { type Bilingual, CARD_ACTION_LABELS } from '../../../shared/texts';
import { adaptiveCard, bilingual, factSet, openUrlAction, textBlock } from './adaptive-card';

export function renderEmergencyNotice(notice: EmergencyNotice): RenderedTeamsMessage {
  switch (notice.kind) {
    case 'emergency.call_ringing':
    case 'emergency.call_escalated':
    case 'emergency.call_answered':
    case 'emergency.call_ended':
    case 'emergency.call_closed':
      return callCard(notice);
    case 'emergency.call_invite':
      return callInviteCard(notice.url);
    case 'emergency.citizen_video_invite':
      return citizenVideoInviteCard(notice.url);
    default:
      notice satisfies never;
      throw new Error('unknown emergency notice');
  }
}

/** The card's colour for each triage colour; the labels are the one set in the shared leaf. */
const TRIAGE_CARD_COLOURS: Readonly<Record<Triage, 'Attention' | 'Warning' | 'Good'>> = { rod: 'Attention', gul: 'Warning', gronn: 'Good' };

function callHeadline(notice: EmergencyCallNotice): Bilingual {
  switch (notice.kind) {
    case 'emergency.call_ringing':
      return { nb: 'Akuttvideo: legevakt ringer AMK', en: 'Emergency video: legevakt is calling AMK' };
    case 'emergency.call_escalated':
      return { nb: 'Ubesvart akuttvideo – eskalert til deg', en: 'Unanswered emergency video – escalated to you' };
    case 'emergency.call_answered':
      return { nb: `Akuttvideo besvart av ${notice.answeredBy}`, en: `Emergency video answered by ${notice.answeredBy}` };
    case 'emergency.call_ended':
      return { nb: 'Akuttvideoen er avsluttet', en: 'The emergency video call has ended' };
    case 'emergency.call_closed':
      return { nb: 'Akuttvideoen ble lukket: ingen svarte', en: 'The emergency video call was closed: nobody answered' };
    default:
      return notice satisfies never;
  }
}

/**
 * Triage colour, NEWS2 total, the requester's organization and «Svar»: no ISBAR, no vitals, no
 * patient. Once answered, the operator's name replaces «Svar» with «Åpne i Samrom».
 */
function callCard(notice: EmergencyCallNotice): RenderedTeamsMessage {
  const headline = callHeadline(notice);
  const ringing = notice.kind === 'emergency.call_ringing' || notice.kind === 'emergency.call_escalated';
  const triage = notice.triage ? { ...TRIAGE_LABELS[notice.triage], color: TRIAGE_CARD_COLOURS[notice.triage] } : null;
  const facts = [
    { title: 'Fra / From', value: notice.organization || '–' },
    { title: 'Triage', value: triage ? bilingual(triage) : 'ikke satt / not set' },
    { title: 'NEWS2', value: notice.news2Total === null ? 'ikke beregnet / not scored' : String(notice.news2Total) },
  ];
  const card = adaptiveCard(
    [
      textBlock(headline.nb, { size: 'Large', weight: 'Bolder', color: ringing ? (triage?.color ?? 'Default') : 'Default' }),
      factSet(facts),
      textBlock(headline.en, { isSubtle: true, size: 'Small' }),
    ],
    [ringing ? openUrlAction('Svar / Answer', notice.tabUrl, 'positive') : openUrlAction(bilingual(CARD_ACTION_LABELS.openInSamrom), notice.tabUrl)],
    bilingual(headline),
  );
  const summary = [triage ? `triage ${triage.nb.toLowerCase()}` : null, notice.news2Total !== null ? `NEWS2 ${notice.news2Total}` : null]
    .filter(Boolean)
    .join(', ');
  return { text: `${headline.nb}${summary ? ` (${summary})` : ''} / ${headline.en}`, card };
}

const CALL_INVITE: Bilingual = { nb: 'AMK kobler deg inn i en akuttvideo', en: 'AMK asks you to join an emergency video call' };
const CITIZEN_VIDEO_INVITE: Bilingual = { nb: 'AMK ber deg se video fra en innringer', en: 'AMK asks you to see video from a caller' };

/** A clinician pulled into an answered call: the headline and «Bli med». No ISBAR, no vitals. */
function callInviteCard(url: string): RenderedTeamsMessage {
  const text = bilingual(CALL_INVITE);
  const card = adaptiveCard(
    [textBlock(CALL_INVITE.nb, { size: 'Large', weight: 'Bolder' }), textBlock(CALL_INVITE.en, { isSubtle: true, size: 'Small' })],
    [openUrlAction(bilingual(CARD_ACTION_LABELS.join), url, 'positive')],
    text,
  );
  return { text, card };
}

/** A doctor added to a caller's video session: the headline and a link to the session (no details). */
function citizenVideoInviteCard(url: string): RenderedTeamsMessage {
  const card = adaptiveCard(
    [textBlock(CITIZEN_VIDEO_INVITE.nb, { weight: 'Bolder' }), textBlock(CITIZEN_VIDEO_INVITE.en, { isSubtle: true })],
    [openUrlAction('Åpne / Open', url)],
  );
  return { text: bilingual(CITIZEN_VIDEO_INVITE), card };
}
