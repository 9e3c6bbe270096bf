/**
 * Renders the emergency service's Teams notices: Norwegian bokmål first, English second; an Adaptive
 * Card (1.5) and a short plain-text fallback. Wording comes from the text catalogue (shared/texts.ts).
 */
import type { EmergencyNotice } from '../../../core/emergency/teams-notices';
import type { RenderedTeamsMessage } from '../../../core/ports';

export function renderEmergencyNotice(notice: EmergencyNotice): RenderedTeamsMessage {
  switch (notice) {
    default:
      notice satisfies never;
      throw new Error('unknown emergency notice');
  }
}
