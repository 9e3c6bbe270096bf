/**
 * The requester's status card, rendered from the request's facts (pure): each step in words,
 * Norwegian first with English, and a key that changes exactly when what the card shows does.
 */
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../server/src/adapters/teams/render-notice';
import { type StatusCardFacts, statusNotice } from '../../server/src/core/advice/status-card';
import { NOT_WAITING } from '../../server/src/core/advice/on-call';

/** The card as Teams shows it (the adapter renders the core's notice), and its key. */
const statusCard = (f: StatusCardFacts) => ({ message: renderNotice(statusNotice(f).notice), key: statusNotice(f).key });

const LINK = 'https://samrom.example.no/app/konferer/r1';
const base: StatusCardFacts = {
  request: {
    id: 'r1',
    specialty: 'kardiologi',
    priority: 'vanlig',
    status: 'queued',
    mode: 'video',
    callbackPhone: null,
    createdAt: new Date('2026-03-02T07:05:00Z'),
  },
  position: 3,
  estimatedWaitSeconds: 1_250,
  rings: [],
  specialist: null,
  link: LINK,
  onCall: NOT_WAITING,
};
const texts = (f: StatusCardFacts) => (statusCard(f).message.card as { body: { text: string }[] }).body.map((b) => b.text);
const actions = (f: StatusCardFacts) => (statusCard(f).message.card as { actions: { title: string; url: string }[] }).actions;
const ring = (attempt: number, level: 0 | 1 | 2 | 3, kind: 'ring' | 'alarm' = 'ring', failure: string | null = null) => ({ attempt, level, kind, failure });

describe('the requester’s status card', () => {
  it('queued: the position and the estimate in whole minutes, in both languages, with a link to the request', () => {
    expect(texts(base)).toEqual(
      expect.arrayContaining([
        'I kø',
        'Queued',
        'Plass 3 i køen, anslått ventetid ca. 21 min.',
        'Position 3 in the queue, estimated wait about 21 min.',
        '1. Satt i kø / Queued',
      ]),
    );
    expect(actions(base)).toEqual([{ type: 'Action.OpenUrl', title: 'Åpne forespørselen / Open the request', url: LINK }]);
    expect(statusCard(base).message.text).toContain(LINK);
  });

  it('akutt rings levels 1 and 2 together; a level nobody could be reached at says so; a new pass says the coordinators are alerted', () => {
    const akutt = { ...base, request: { ...base.request, priority: 'akutt' as const, status: 'ringing' as const } };
    expect(texts({ ...akutt, rings: [ring(1, 1), ring(1, 2)] })[2]).toBe('Ringer vakthavende (nivå 1) og bakvakt (nivå 2)');
    const unreached = texts({ ...akutt, rings: [ring(1, 1, 'ring', 'no_conversation'), ring(1, 2, 'ring', 'forbidden')] });
    expect(unreached[2]).toBe('Vakthavende (nivå 1) og bakvakt (nivå 2) ble ikke nådd');
    const alarmed = texts({ ...akutt, rings: [ring(1, 1), ring(1, 2), ring(2, 3), ring(3, 1), ring(3, 0, 'alarm')] });
    expect(alarmed[2]).toBe('Ringer vakthavende (nivå 1) — ingen svar: koordinatorene er varslet');
    expect(alarmed).toContain('3. Ringer overlege (nivå 3) / Ringing the consultant in charge (level 3)');
  });

  it('answered by callback: who, and the number they ring back on; no join button', () => {
    const f: StatusCardFacts = {
      ...base,
      request: { ...base.request, status: 'connected', mode: 'callback', callbackPhone: '+4732804000' },
      position: null,
      estimatedWaitSeconds: null,
      rings: [ring(1, 1)],
      specialist: { name: 'Petter Lindqvist', organization: 'Drammen sykehus' },
    };
    expect(texts(f)[2]).toBe('Petter Lindqvist, Drammen sykehus har svart på konferansen i Kardiologi og ringer deg tilbake på +4732804000.');
    expect(actions(f).map((a) => a.title)).toEqual(['Åpne forespørselen / Open the request']);
    expect(texts(f).some((t) => t.startsWith('Plass'))).toBe(false);
  });

  it('the key changes with the position, the minutes shown and the steps — not with seconds that round to the same minute', () => {
    const key = (f: StatusCardFacts) => statusCard(f).key;
    expect(key({ ...base, estimatedWaitSeconds: 1_250 })).toBe(key({ ...base, estimatedWaitSeconds: 1_240 }));
    expect(key({ ...base, position: 2 })).not.toBe(key(base));
    expect(key({ ...base, estimatedWaitSeconds: 600 })).not.toBe(key(base));
    const ringing = { ...base, request: { ...base.request, status: 'ringing' as const } };
    expect(key({ ...ringing, rings: [ring(1, 1)] })).not.toBe(key({ ...ringing, rings: [ring(1, 1), ring(2, 2)] }));
  });

  it('nobody on call: plain words and the switchboard instead of a position and estimate; the time it was sent', () => {
    const f: StatusCardFacts = { ...base, onCall: { onCallNow: [], nobodyOnCall: true, switchboardPhone: '+4732800000' } };
    const shown = texts(f);
    expect(shown).toContain('Ingen har vakt i Kardiologi nå');
    expect(shown).toContain('Ingen blir ringt nå. Ring sentralbordet på +4732800000. Koordinatorene er varslet.');
    // 07:05 UTC is 08:05 in Oslo in March.
    expect(shown).toContain('Sendt kl. 08:05; ventetiden regnes fra da.');
    expect(shown.some((t) => t.startsWith('Plass') || t.startsWith('Ringer'))).toBe(false);
    expect(statusCard(f).key).not.toBe(statusCard(base).key);
  });

  it('while waiting it names who would be rung now, by name and level — never an id', () => {
    const f: StatusCardFacts = {
      ...base,
      onCall: { onCallNow: [{ personId: 'spes-kard-1', name: 'Petter Lindqvist', level: 1 }], nobodyOnCall: false, switchboardPhone: null },
    };
    expect(texts(f)).toContain('På vakt nå: Petter Lindqvist, vakthavende (nivå 1).');
    expect(JSON.stringify(statusCard(f).message)).not.toContain('spes-kard-1');
  });
});
