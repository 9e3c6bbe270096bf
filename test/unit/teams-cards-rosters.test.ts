/**
 * The rosters service's Teams notice as Teams shows it (adapters/teams/cards/rosters.ts through
 * renderNotice): a coordinator is told which specialty has no level-1 on-call, from when to when
 * (Europe/Oslo), with a link to its roster.
 */
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../server/src/adapters/teams/render-notice';

describe('a roster gap in a coordinator’s Teams chat', () => {
  it('names the specialty and the gap in Oslo time, Norwegian first, and links to the roster', () => {
    const rosterUrl = 'https://samrom.test/app/vaktplan?fag=Kardiologi';
    const message = renderNotice({
      kind: 'rosters.gap',
      specialty: 'Kardiologi',
      gapStart: new Date('2027-01-04T15:00:00Z'),
      gapEnd: new Date('2027-01-04T23:00:00Z'),
      rosterUrl,
    });
    const nb = 'Vaktplanen for Kardiologi mangler vakthavende (nivå 1) fra mandag 4. januar 2027 kl. 16:00 til tirsdag 5. januar 2027 kl. 00:00.';
    const en = 'The Kardiologi roster has no on-call doctor (level 1) from Monday 4 January 2027 at 16:00 to Tuesday 5 January 2027 at 00:00.';
    expect(message.text).toBe(`${nb} / ${en} ${rosterUrl}`);
    const card = message.card as { body: { text: string; isSubtle?: boolean }[]; actions: unknown[] };
    expect(card.body.map((b) => b.text)).toEqual(['Hull i vaktplanen', nb, en]);
    expect(card.body[2]?.isSubtle).toBe(true);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Åpne vaktplanen / Open the roster', url: rosterUrl }]);
  });
});
