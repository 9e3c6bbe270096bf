/**
 * The consultations service's Teams notices as Teams shows them (adapters/teams/cards/consultations.ts
 * through renderNotice): a meeting notice says when, in which role, and links to join and to the
 * tab; a saved summary says only when and where to read it.
 */
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../server/src/adapters/teams/render-notice';
import type { MeetingNotice } from '../../server/src/core/consultations/teams-notices';

interface Card {
  readonly fallbackText?: string;
  readonly body: { type: string; text?: string; facts?: { title: string; value: string }[] }[];
  readonly actions: { title: string; url: string; style?: string }[];
}
const cardOf = (notice: Parameters<typeof renderNotice>[0]) => {
  const message = renderNotice(notice);
  return { text: message.text, card: message.card as unknown as Card };
};

const meeting = {
  startsAt: new Date('2027-03-29T08:00:00Z'),
  endsAt: new Date('2027-03-29T09:00:00Z'),
  role: 'gp',
  tabUrl: 'https://samrom.test/app/samtaler/c1',
} as const satisfies Omit<MeetingNotice, 'kind'>;

describe('a meeting notice in a clinician’s Teams chat', () => {
  it('an invitation has the headline, the Oslo time and role as facts, the English sentence, «Bli med» and the tab', () => {
    const { text, card } = cardOf({ kind: 'consultations.invitation', ...meeting, joinUrl: 'https://samrom.test/app/samtaler/c1?join' });
    expect(text).toBe('Invitasjon til videomøte: mandag 29. mars 2027 kl. 10:00 / Invitation to a video meeting: Monday, 29 March 2027 at 10:00 CEST');
    expect(card.body[0]?.text).toBe('Invitasjon til videomøte');
    expect(card.body[1]?.facts).toEqual([
      { title: 'Tidspunkt', value: 'mandag 29. mars 2027 kl. 10:00–11:00' },
      { title: 'Din rolle', value: 'fastlege' },
    ]);
    expect(card.body[2]?.text).toBe('You are invited to an interdisciplinary video meeting on Monday, 29 March 2027 at 10:00 CEST, as GP.');
    expect(card.fallbackText).toMatch(/^Du er invitert til et tverrfaglig videomøte mandag 29\. mars 2027 kl\. 10:00–11:00, som fastlege\. You are invited/);
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Bli med / Join', url: 'https://samrom.test/app/samtaler/c1?join', style: 'positive' },
      { type: 'Action.OpenUrl', title: 'Åpne i Samrom / Open in Samrom', url: meeting.tabUrl },
    ]);
  });

  it('each kind has its own headline; a cancellation has nothing to join', () => {
    expect(cardOf({ kind: 'consultations.update', ...meeting, joinUrl: 'https://j' }).card.body[0]?.text).toBe('Oppdatert invitasjon til videomøte');
    expect(cardOf({ kind: 'consultations.reminder', ...meeting, joinUrl: 'https://j' }).card.body[0]?.text).toBe('Påminnelse om videomøte');
    const cancelled = cardOf({ kind: 'consultations.cancellation', ...meeting });
    expect(cancelled.card.body[0]?.text).toBe('Videomøtet er avlyst');
    expect(cancelled.card.body[2]?.text).toBe('The video meeting on Monday, 29 March 2027 at 10:00 CEST is cancelled. You need not do anything.');
    expect(cancelled.card.actions.map((a) => a.title)).toEqual(['Åpne i Samrom / Open in Samrom']);
  });
});

describe('a saved summary in Teams', () => {
  it('says when the meeting was and links to it; nothing else', () => {
    const { text, card } = cardOf({ kind: 'consultations.summary_saved', startsAt: meeting.startsAt, url: meeting.tabUrl });
    expect(text).toBe(
      'Referatet fra samtalen mandag 29. mars 2027 kl. 10:00 er lagret i Samrom. / The summary of the meeting is saved in Samrom. https://samrom.test/app/samtaler/c1',
    );
    expect(card.body.map((b) => b.text)).toEqual(['Referat lagret / Summary saved', 'Samtalen mandag 29. mars 2027 kl. 10:00']);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Åpne i Samrom / Open in Samrom', url: meeting.tabUrl }]);
  });
});
