import { describe, expect, it } from 'vitest';
import { maskSensitiveText } from '../../server/src/adapters/logger';
import { CreateCitizenVideoSchema } from '../../server/src/contracts/citizen-video';
import { citizenSmsText } from '../../server/src/core/emergency/citizen-caller';
import { statusOf } from '../../server/src/core/emergency/citizen-video';
import { summarize } from '../../server/src/core/emergency/stats';

const at = (minutes: number) => new Date(Date.UTC(2027, 0, 1, 12, minutes));
const base = {
  id: 's',
  createdBy: 'amk-1',
  createdAt: at(0),
  expiresAt: at(15),
  exchangedAt: null,
  sessionExpiresAt: null,
  consentedAt: null,
  location: null,
  videoConnectedAt: null,
  endedAt: null,
  roomName: null,
};

describe('citizen video', () => {
  it('takes Norwegian mobile numbers as people type them, out as E.164; refuses landlines, foreign and garbled numbers with a reason', () => {
    for (const typed of ['912 34 567', '91234567', '+47 912 34 567', '0047 91234567', '412-34-567']) {
      const parsed = CreateCitizenVideoSchema.safeParse({ phone: typed });
      expect(parsed.success, typed).toBe(true);
      expect(parsed.data?.phone, typed).toMatch(/^\+47[49]\d{7}$/);
    }
    const messages = (phone: unknown) => {
      const parsed = CreateCitizenVideoSchema.safeParse({ phone });
      return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    };
    expect(messages('22 33 44 55').join()).toContain('mobilnummer');
    expect(messages('+46 70 123 45 67').join()).toContain('norsk mobilnummer');
    expect(messages('hjelp').join()).toContain('ugyldig');
    expect(messages(undefined).join()).toContain('Oppgi et norsk mobilnummer');
  });

  it('the SMS is plain Norwegian with the link and the 15 minutes, then short English; nothing else', () => {
    const text = citizenSmsText('https://samrom.example/video/abc');
    expect(text).toBe(
      'AMK ber deg åpne denne lenken for å vise video: https://samrom.example/video/abc. Lenken virker i 15 minutter. / AMK asks you to open this link to show video. It works for 15 minutes.',
    );
  });

  it('status follows the session: link sent, expired (unopened), opened, consented, video, ended', () => {
    expect(statusOf(base, at(1))).toBe('link_sent');
    expect(statusOf(base, at(16))).toBe('expired');
    expect(statusOf({ ...base, exchangedAt: at(2) }, at(16))).toBe('link_opened');
    expect(statusOf({ ...base, exchangedAt: at(2), consentedAt: at(3) }, at(4))).toBe('consented');
    expect(statusOf({ ...base, exchangedAt: at(2), consentedAt: at(3), videoConnectedAt: at(3) }, at(4))).toBe('video');
    expect(statusOf({ ...base, videoConnectedAt: at(3), endedAt: at(9) }, at(10))).toBe('ended');
  });

  it('the share of citizen links that reached video is reached / created, null with none', () => {
    expect(summarize([], { created: 8, reachedVideo: 6 }).citizenLinkVideoShare).toBe(0.75);
    expect(summarize([], { created: 0, reachedVideo: 0 }).citizenLinkVideoShare).toBeNull();
    expect(summarize([]).citizenLinkVideoShare).toBeNull();
  });

  it('video link tokens are masked in log lines', () => {
    expect(maskSensitiveText('GET /video/AbCdEfGhIjKlMnOpQrStUv123')).toBe('GET /video/[redacted]');
    expect(maskSensitiveText('GET /video')).toBe('GET /video');
  });
});
