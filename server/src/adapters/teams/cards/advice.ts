/**
 * Renders the advice service's Teams notices: Norwegian bokmål first, English second; an Adaptive
 * Card (1.5) and a short plain-text fallback. Wording comes from the text catalogue (shared/texts.ts).
 */
import type { AdviceNotice } from '../../../core/advice/teams-notices';
import type { RenderedTeamsMessage } from '../../../core/ports';

export function renderAdviceNotice(notice: AdviceNotice): RenderedTeamsMessage {
  switch (notice) {
    default:
      notice satisfies never;
      throw new Error('unknown advice notice');
  }
}
