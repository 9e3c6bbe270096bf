import { describe, expect, it } from 'vitest';
import { createLogger, maskSensitiveText } from '../../server/src/adapters/logger';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJvaWQiOiIxMjMiLCJ0aWQiOiI0NTYifQ.c2lnbmF0dXJlLWJ5dGVz';
const NATIONAL_ID = '01019012345';
const MOBILE = '91234567';

function collectingLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, output: () => lines.join('') };
}

describe('logger redaction', () => {
  it('censors phone, nationalId, token and authorization keys, also nested and in arrays', () => {
    const { logger, output } = collectingLogger();
    logger.info(
      {
        phone: '+4798765432',
        nationalId: '31129956789',
        token: 'guest-token-value-1234',
        authorization: `Bearer ${JWT}`,
        patient: { phone: '+4741234567', contact: { nationalId: '15076500565' } },
        people: [{ phone: '+4799887766', email: 'kari@example.no' }],
      },
      'booked',
    );
    const out = output();
    for (const secret of ['98765432', '31129956789', 'guest-token-value-1234', JWT, '41234567', '15076500565', '99887766', 'kari@example.no']) {
      expect(out).not.toContain(secret);
    }
    expect(JSON.parse(out)).toMatchObject({ phone: '[redacted]', patient: { contact: { nationalId: '[redacted]' } }, msg: 'booked' });
  });

  it('masks national ids, +47 numbers, Norwegian mobiles and JWTs inside the message', () => {
    const { logger, output } = collectingLogger();
    logger.info(
      `fnr ${NATIONAL_ID} and 010190 12345, ring +47 912 34 567 or +4741234567 or 0047 41234567, ` +
        `mobil ${MOBILE}, 912 34 567 or 91 23 45 67, token ${JWT}`,
    );
    const out = output();
    for (const secret of [NATIONAL_ID, '010190 12345', '912 34 567', '41234567', MOBILE, '91 23 45 67', JWT, 'eyJ']) {
      expect(out).not.toContain(secret);
    }
    expect(JSON.parse(out).msg).toMatch(/^fnr \[redacted\] and \[redacted\], ring \[redacted\]/);
  });

  it('masks printf-style string arguments and error messages', () => {
    const { logger, output } = collectingLogger();
    logger.info('sending SMS to %s for %s', '+4791234567', NATIONAL_ID);
    logger.error({ err: new Error(`lookup failed for ${NATIONAL_ID} (${MOBILE})`) }, 'lookup failed');
    const out = output();
    expect(out).not.toContain('91234567');
    expect(out).not.toContain(NATIONAL_ID);
    expect(out).toContain('lookup failed for [redacted]');
  });

  it('child loggers keep the redaction', () => {
    const { logger, output } = collectingLogger();
    logger.child({ phone: '+4791234567' }).info(`child ${NATIONAL_ID}`);
    expect(output()).not.toMatch(/91234567|01019012345/);
  });

  it('leaves ordinary numbers, ids and times alone', () => {
    const text = 'consultation 3f2a, 45 minutes at 2025-03-30T02:30:00Z, HPR 1234567, port 3978, order 123456789012';
    expect(maskSensitiveText(text)).toBe(text);
  });

  it('masks the personal token in a guest join link', () => {
    expect(maskSensitiveText('GET /join/AbCdEfGhIjKlMnOpQrStUv123')).toBe('GET /join/[redacted]');
  });
});
