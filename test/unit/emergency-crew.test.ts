import { describe, expect, it } from 'vitest';
import { maskSensitiveText } from '../../server/src/adapters/logger';
import { type CrewSmsContext, crewSmsText, sendCrewLink } from '../../server/src/core/emergency/crew';
import type { EmergencyCallRecord } from '../../server/src/core/emergency/store';

describe('the ambulance crew link', () => {
  it('the SMS says who asks and gives the link, in Norwegian and English, with nothing about the patient', () => {
    expect(crewSmsText('https://samrom.example/crew/abc')).toBe(
      'AMK ber deg bli med i en videosamtale: https://samrom.example/crew/abc Lenken virker i 30 minutter. / AMK asks you to join a video call. The link works for 30 minutes.',
    );
  });

  it('a crew link in a log line is masked', () => {
    expect(maskSensitiveText('GET /crew/AbCdEfGhIjKlMnOpQrStUv123')).toBe('GET /crew/[redacted]');
    expect(maskSensitiveText('GET /crew')).toBe('GET /crew');
  });
});

describe('a crew SMS the provider refuses', () => {
  function world(providerUp: boolean) {
    const marks: string[] = [];
    const now = new Date('2027-03-01T03:00:00Z');
    const ctx: CrewSmsContext = {
      audit: { record: async () => undefined, forPatient: async () => [] },
      clock: { now: () => now },
      crew: {
        linkToSend: async () => ({ callId: 'c1', phone: '+4791500123', expiresAt: new Date(now.getTime() + 60_000), sentAt: null, superseded: false }),
        setLinkToken: async () => undefined,
        markLinkSent: async () => void marks.push('sent'),
        markLinkFailed: async () => void marks.push('failed'),
      },
      store: { byId: async () => ({ status: 'answered' }) as EmergencyCallRecord },
      sms: {
        send: async () => {
          if (!providerUp) throw new Error('provider answered 503');
          return { providerId: 'p1' };
        },
      },
      publicBaseUrl: 'https://samrom.example',
      newToken: () => 'token-'.padEnd(43, 'x'),
    };
    return { ctx, marks };
  }

  it('is retried quietly, and marked failed on the last attempt so the operator is told (never «sendes» for ever)', async () => {
    const early = world(false);
    await expect(sendCrewLink(early.ctx, { callId: 'c1', linkId: 'l1' }, false)).rejects.toThrow('503');
    expect(early.marks).toEqual([]);
    const last = world(false);
    await expect(sendCrewLink(last.ctx, { callId: 'c1', linkId: 'l1' }, true)).rejects.toThrow('503');
    expect(last.marks).toEqual(['failed']);
    const ok = world(true);
    expect(await sendCrewLink(ok.ctx, { callId: 'c1', linkId: 'l1' }, true)).toBe('sent');
    expect(ok.marks).toEqual(['sent']);
  });
});
