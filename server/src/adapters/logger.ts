/**
 * The one logger. Redaction happens here, at the logger, so no caller can leak: keys that
 * hold secrets or personal data are censored, and any string that looks like a token, a
 * Norwegian national id or a phone number is masked wherever it appears in a message.
 */
import pino, { type Logger } from 'pino';

const REDACTED_KEYS = [
  'token', 'accessToken', 'access_token', 'id_token', 'password', 'secret', 'authorization', 'cookie',
  'phone', 'callbackPhone', 'nationalId', 'fodselsnummer', 'email',
];

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** JWTs, 11-digit national ids and Norwegian/E.164 phone numbers. */
const SENSITIVE_TEXT = [
  /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g,
  /(?<!\d)\d{6}\s?\d{5}(?!\d)/g,
  /(?:\+|00)\d[\d ]{7,14}\d/g,
  // Norwegian mobiles as people write them: 91234567, 912 34 567, 91 23 45 67.
  /(?<![\d.-])[49](?:\d{7}|\d{2} \d{2} \d{3}|\d(?: \d{2}){3})(?![\d.-])/g,
  // The tokens of personal links: a guest's, a 113 caller's, an ambulance crew's.
  /(?<=\/(?:join|video|crew)\/)[\w-]{16,}/g,
];

export function maskSensitiveText(text: string): string {
  return SENSITIVE_TEXT.reduce((s, re) => s.replace(re, '[redacted]'), text);
}

export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'samrom',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskSensitiveText(a) : a)) as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: Error) => {
          const s = pino.stdSerializers.err(err);
          return { ...s, message: maskSensitiveText(s.message), stack: s.stack && maskSensitiveText(s.stack) };
        },
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url ? maskSensitiveText(req.url.split('?')[0]!) : req.url,
        }),
        // The status only: response headers are noise on every line (and cookies are secrets).
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    options.destination,
  );
}

export type { Logger };
