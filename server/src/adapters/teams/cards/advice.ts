/**
 * Renders the advice service's Teams notices: Norwegian bokmål first, English second; an Adaptive
 * Card (1.5) and a short plain-text fallback. Wording comes from the text catalogue (shared/texts.ts):
 * specialties by name, never by id; priorities with their colour in words.
 */
import type { AdviceClosedNotice, AdviceNobodyOnCallNotice, AdviceNotice, AdviceRingNotice } from '../../../core/advice/teams-notices';
import type { RenderedTeamsMessage } from '../../../core/ports';
import { renderStatusCard } from './advice-status';
import { PRIORITY_LABEL, adaptiveCard, openRequestAction, requesterText, specialtyIn } from './advice-words';

export function renderAdviceNotice(notice: AdviceNotice): RenderedTeamsMessage {
  switch (notice.kind) {
    case 'advice.nobody_on_call':
      return nobodyOnCall(notice);
    case 'advice.ring':
      return ring(notice);
    case 'advice.closed':
      return closed(notice);
    case 'advice.status':
      return renderStatusCard(notice);
    default:
      notice satisfies never;
      throw new Error('unknown advice notice');
  }
}

function nobodyOnCall(n: AdviceNobodyOnCallNotice): RenderedTeamsMessage {
  const specialty = specialtyIn(n.specialty);
  const priority = PRIORITY_LABEL[n.priority];
  const who = requesterText(n.requester);
  const nb = `Ingen har vakt i ${specialty.nb} nå. En konferanse (${priority.nb}) fra ${who} venter; legen er bedt om å ringe sentralbordet på ${n.switchboardPhone}. Sett opp vakt i vaktplanen, så ringes den straks.`;
  const en = `Nobody is on call in ${specialty.en} now. A consultation request (${priority.en}) from ${who} is waiting; the doctor was asked to call the switchboard on ${n.switchboardPhone}. Add a shift to the roster and it is rung at once.`;
  return {
    text: `${nb} / ${en} ${n.link}`,
    card: adaptiveCard(
      [
        { type: 'TextBlock', text: `Ingen har vakt i ${specialty.nb} / Nobody on call in ${specialty.en}`, weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: priority.nb, color: priority.color, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: nb, wrap: true },
        { type: 'TextBlock', text: en, wrap: true, isSubtle: true },
      ],
      [openRequestAction(n.link)],
    ),
  };
}

function ring(n: AdviceRingNotice): RenderedTeamsMessage {
  const specialty = specialtyIn(n.specialty);
  const priority = PRIORITY_LABEL[n.priority];
  const who = requesterText(n.requester);
  const nb = n.alarm
    ? `Ingen har svart på en konferanse i ${specialty.nb} (${priority.nb}) fra ${who} etter en runde i vaktplanen.`
    : `Konferanse i ${specialty.nb} (${priority.nb}) fra ${who}.`;
  const en = n.alarm
    ? `Nobody has answered a ${specialty.en} consultation (${priority.en}) from ${who} after a full round of the roster.`
    : `Consultation request in ${specialty.en} (${priority.en}) from ${who}.`;
  const data = (action: string) => ({ samromAction: action, requestId: n.requestId, attempt: n.attempt });
  const answer = [
    { type: 'Action.Submit', title: 'Svar / Accept', style: 'positive', data: data('advice.accept') },
    { type: 'Action.Submit', title: 'Avslå / Decline', data: data('advice.decline') },
  ];
  return {
    text: `${nb} / ${en} ${n.link}`,
    card: adaptiveCard(
      [
        { type: 'TextBlock', text: n.alarm ? 'Konferanse uten svar' : 'Konferanse', weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: priority.nb, color: priority.color, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: nb, wrap: true },
        { type: 'TextBlock', text: en, wrap: true, isSubtle: true },
      ],
      [...(n.alarm ? [] : answer), openRequestAction(n.link)],
    ),
  };
}

function closed(n: AdviceClosedNotice): RenderedTeamsMessage {
  const specialty = specialtyIn(n.specialty);
  const nb = n.withdrawn ? `Konferansen i ${specialty.nb} er trukket tilbake.` : `Konferansen i ${specialty.nb} er besvart av en annen.`;
  const en = n.withdrawn ? `The ${specialty.en} consultation was withdrawn.` : `The ${specialty.en} consultation was answered by someone else.`;
  return {
    text: `${nb} / ${en} ${n.link}`,
    card: adaptiveCard([
      { type: 'TextBlock', text: n.withdrawn ? 'Konferanse trukket tilbake' : 'Konferanse besvart', weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: nb, wrap: true },
      { type: 'TextBlock', text: en, wrap: true, isSubtle: true },
    ]),
  };
}
