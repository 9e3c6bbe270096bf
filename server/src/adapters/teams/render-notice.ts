/**
 * Turns a core notice into what Teams shows (text + Adaptive Card), by the notice's service. The
 * Teams notifier renders before sending, and so does the test notifier, so tests read the card
 * the person would see. A pre-rendered message passes through unchanged (the retiring shape).
 */
import type { OutgoingTeamsMessage, RenderedTeamsMessage } from '../../core/ports';
import type { TeamsNotice } from '../../core/teams-notices';
import { renderAdviceNotice } from './cards/advice';
import { renderConsultationsNotice } from './cards/consultations';
import { renderEmergencyNotice } from './cards/emergency';
import { renderRostersNotice } from './cards/rosters';

export function renderNotice(notice: TeamsNotice): RenderedTeamsMessage {
  const kind: string = (notice as { kind: string }).kind;
  if (kind.startsWith('advice.')) return renderAdviceNotice(notice as never);
  if (kind.startsWith('consultations.')) return renderConsultationsNotice(notice as never);
  if (kind.startsWith('emergency.')) return renderEmergencyNotice(notice as never);
  if (kind.startsWith('rosters.')) return renderRostersNotice(notice as never);
  throw new Error('unknown notice kind');
}

/** The message as Teams shows it, with its `replaceActivityId` kept. */
export function renderMessage(message: OutgoingTeamsMessage): RenderedTeamsMessage {
  if (!('notice' in message)) return message;
  const rendered = renderNotice(message.notice);
  return message.replaceActivityId ? { ...rendered, replaceActivityId: message.replaceActivityId } : rendered;
}
