/**
 * The emergency service's Teams notices as Teams shows them (adapters/teams/cards/emergency.ts
 * through renderNotice): an AMK operator's card follows the call (ringing, escalated, answered,
 * ended, closed) with triage colour, NEWS2 total and organization at most; a clinician pulled in
 * and a doctor added to a caller's video get a headline and a link.
 */
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../server/src/adapters/teams/render-notice';

interface Card {
  readonly fallbackText?: string;
  readonly body: { type: string; text?: string; color?: string; facts?: { title: string; value: string }[] }[];
  readonly actions: { title: string; url: string; style?: string }[];
}
const tabUrl = 'https://samrom.test/app/akutt/call-1';
const call = { triage: 'gul', news2Total: 5, organization: 'Drammen legevakt', tabUrl } as const;
const render = (notice: Parameters<typeof renderNotice>[0]) => {
  const message = renderNotice(notice);
  return { text: message.text, card: message.card as unknown as Card };
};

describe('the AMK call card through the call’s life', () => {
  it('ringing: the headline in the triage colour, the facts, and «Svar» to the tab', () => {
    const { text, card } = render({ kind: 'emergency.call_ringing', ...call });
    expect(text).toBe('Akuttvideo: legevakt ringer AMK (triage gul – haster, NEWS2 5) / Emergency video: legevakt is calling AMK');
    expect(card.body[0]).toMatchObject({ text: 'Akuttvideo: legevakt ringer AMK', color: 'Warning' });
    expect(card.body[1]?.facts).toEqual([
      { title: 'Fra / From', value: 'Drammen legevakt' },
      { title: 'Triage', value: 'Gul – haster / Yellow – urgent' },
      { title: 'NEWS2', value: '5' },
    ]);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Svar / Answer', url: tabUrl, style: 'positive' }]);
    expect(card.fallbackText).toBe('Akuttvideo: legevakt ringer AMK / Emergency video: legevakt is calling AMK');
  });

  it('escalated: its own headline, still «Svar»; without triage or NEWS2 the card says so', () => {
    const { text, card } = render({ kind: 'emergency.call_escalated', ...call, triage: null, news2Total: null, organization: '' });
    expect(text).toBe('Ubesvart akuttvideo – eskalert til deg / Unanswered emergency video – escalated to you');
    expect(card.body[0]?.color).toBe('Default');
    expect(card.body[1]?.facts?.map((f) => f.value)).toEqual(['–', 'ikke satt / not set', 'ikke beregnet / not scored']);
    expect(card.actions[0]?.title).toBe('Svar / Answer');
  });

  it('answered: names the operator, no colour, and «Åpne i Samrom» instead of «Svar»', () => {
    const { card } = render({ kind: 'emergency.call_answered', answeredBy: 'Ola Operatør', ...call, triage: 'rod' });
    expect(card.body[0]).toMatchObject({ text: 'Akuttvideo besvart av Ola Operatør', color: 'Default' });
    expect(card.body[2]?.text).toBe('Emergency video answered by Ola Operatør');
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Åpne i Samrom / Open in Samrom', url: tabUrl }]);
  });

  it('ended and closed say which', () => {
    expect(render({ kind: 'emergency.call_ended', ...call }).card.body[0]?.text).toBe('Akuttvideoen er avsluttet');
    expect(render({ kind: 'emergency.call_closed', ...call }).card.body[0]?.text).toBe('Akuttvideoen ble lukket: ingen svarte');
  });
});

describe('people AMK asks in', () => {
  it('a clinician pulled into a call gets the headline and «Bli med», nothing else', () => {
    const { text, card } = render({ kind: 'emergency.call_invite', url: tabUrl });
    expect(text).toBe('AMK kobler deg inn i en akuttvideo / AMK asks you to join an emergency video call');
    expect(card.body.map((b) => b.text)).toEqual(['AMK kobler deg inn i en akuttvideo', 'AMK asks you to join an emergency video call']);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Bli med / Join', url: tabUrl, style: 'positive' }]);
  });

  it('a doctor added to a caller’s video gets the headline and a link to the session', () => {
    const url = 'https://samrom.test/app/amk?citizenVideo=s1';
    const { text, card } = render({ kind: 'emergency.citizen_video_invite', url });
    expect(text).toBe('AMK ber deg se video fra en innringer / AMK asks you to see video from a caller');
    expect(card.body.map((b) => b.text)).toEqual(['AMK ber deg se video fra en innringer', 'AMK asks you to see video from a caller']);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Åpne / Open', url }]);
  });
});
