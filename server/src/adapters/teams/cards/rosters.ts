/**
 * Renders the rosters service's Teams notices: Norwegian bokmål first, English second; an Adaptive
 * Card (1.5) and a short plain-text fallback. Wording comes from the text catalogue (shared/texts.ts).
 */
import type { RosterGapNotice, RostersNotice } from '../../../core/rosters/teams-notices';
import type { RenderedTeamsMessage } from '../../../core/ports';
import { formatOslo } from '../../../shared/oslo-time';
import { adaptiveCard, openUrlAction, textBlock } from './adaptive-card';

export function renderRostersNotice(notice: RostersNotice): RenderedTeamsMessage {
  switch (notice.kind) {
    case 'rosters.gap':
      return gapCard(notice);
    default:
      // One kind so far: the kind is what narrows to never (a one-member union does not).
      notice.kind satisfies never;
      throw new Error('unknown rosters notice');
  }
}

/** A specialty, two times and a link. */
function gapCard(notice: RosterGapNotice): RenderedTeamsMessage {
  const { specialty, gapStart, gapEnd } = notice;
  const nb = `Vaktplanen for ${specialty} mangler vakthavende (nivå 1) fra ${formatOslo(gapStart, 'nb')} til ${formatOslo(gapEnd, 'nb')}.`;
  const en = `The ${specialty} roster has no on-call doctor (level 1) from ${formatOslo(gapStart, 'en')} to ${formatOslo(gapEnd, 'en')}.`;
  return {
    text: `${nb} / ${en} ${notice.rosterUrl}`,
    card: adaptiveCard(
      [textBlock('Hull i vaktplanen', { weight: 'Bolder', size: 'Medium' }), textBlock(nb), textBlock(en, { isSubtle: true })],
      [openUrlAction('Åpne vaktplanen / Open the roster', notice.rosterUrl)],
    ),
  };
}
