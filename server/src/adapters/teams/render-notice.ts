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

/** The notices of one service: those whose kind starts with `<service>.`. */
type NoticeOf<S extends string> = Extract<TeamsNotice, { readonly kind: `${S}.${string}` }>;

/** A type guard per service, so each renderer gets exactly its own notices without a cast. */
const isOf =
  <S extends string>(service: S) =>
  (notice: TeamsNotice): notice is NoticeOf<S> =>
    notice.kind.startsWith(`${service}.`);

const isAdvice = isOf('advice');
const isConsultations = isOf('consultations');
const isEmergency = isOf('emergency');
const isRosters = isOf('rosters');

export function renderNotice(notice: TeamsNotice): RenderedTeamsMessage {
  if (isAdvice(notice)) return renderAdviceNotice(notice);
  if (isConsultations(notice)) return renderConsultationsNotice(notice);
  if (isEmergency(notice)) return renderEmergencyNotice(notice);
  if (isRosters(notice)) return renderRostersNotice(notice);
  // Every service's notices are handled above; a new service's prefix fails to compile here.
  notice satisfies never;
  throw new Error('unknown notice kind');
}

/** The message as Teams shows it, with its `replaceActivityId` kept. */
export function renderMessage(message: OutgoingTeamsMessage): RenderedTeamsMessage {
  if (!('notice' in message)) return message;
  const rendered = renderNotice(message.notice);
  return message.replaceActivityId ? { ...rendered, replaceActivityId: message.replaceActivityId } : rendered;
}
