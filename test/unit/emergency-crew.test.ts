import { describe, expect, it } from 'vitest';
import { maskSensitiveText } from '../../server/src/adapters/logger';
import { crewSmsText } from '../../server/src/core/emergency/crew';

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
