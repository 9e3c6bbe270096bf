/**
 * One zod schema over the environment, parsed once at start-up. Errors name the variable.
 * Production-safety rules that need no I/O live here; the Redis eviction policy is checked
 * at start-up once a connection exists (see `assertRedisSafe`).
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** The keys `livekit-server --dev` uses; fine on a laptop, refused in production. */
export const LIVEKIT_DEV_API_KEY = 'devkey';
export const LIVEKIT_DEV_API_SECRET = 'secret';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
/** The whole shutdown's limit: inside Kubernetes' default 30-s grace. @defaultValue 20000 */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;

const seconds = (def: number) => z.coerce.number().int().positive().max(86_400).default(def);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3978),
  PUBLIC_BASE_URL: z.url().optional(),
  DATABASE_URL: optionalString.pipe(z.url().optional()),
  /** Connections per process; see the README's sizing rule (processes × pool ≤ max_connections − reserve). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1_000).default(20),
  /** How long a query waits for a pool connection before it fails as 503 `unavailable`. */
  DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(10_000),
  /** PostgreSQL's `statement_timeout` for every pooled connection; 0 = none. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** libpq's names; unset = whatever DATABASE_URL says (`sslmode=`), else no TLS. */
  DATABASE_SSL_MODE: z.enum(['disable', 'require', 'verify-ca', 'verify-full']).optional(),
  /** A PEM file of the CA(s) that signed the server's certificate; unset = the system's CAs. */
  DATABASE_SSL_CA: optionalString,
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: optionalString.pipe(z.url().optional()),
  /** Queue key prefix; lets tests and several installations share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9:_-]+$/)
    .default('samrom'),
  LIVEKIT_URL: z.url().default('ws://localhost:7880'),
  LIVEKIT_API_KEY: z.string().min(1).default(LIVEKIT_DEV_API_KEY),
  LIVEKIT_API_SECRET: z.string().min(1).default(LIVEKIT_DEV_API_SECRET),
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  /** Where the bot fetches OpenID metadata for incoming Bot Framework tokens (tests point it at a local key server). */
  BOT_OPENID_METADATA_URL: optionalString.pipe(z.url().optional()),
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  AUTH_JWKS_URI: optionalString.pipe(z.url().optional()),
  AUTH_TENANT_IDS: list.default([]),
  BOOTSTRAP_ADMIN_OIDS: list.default([]),
  DEV_AUTH: bool.optional(),
  ADVICE_RING_TIMEOUT_SECONDS: seconds(60),
  /** The switchboard a requester is told to call when nobody in a specialty is on call (E.164); required in production. */
  ADVICE_SWITCHBOARD_NUMBER: optionalString,
  /** Per specialty, `specialty:+E164` pairs, comma-separated; a specialty not listed gets ADVICE_SWITCHBOARD_NUMBER. */
  ADVICE_SWITCHBOARD_NUMBERS: list.default([]),
  EMERGENCY_RING_TIMEOUT_SECONDS: seconds(10),
  /** Akuttvideo: a call nobody answered is closed this long after escalation (at most a day). */
  EMERGENCY_UNANSWERED_CLOSE_MINUTES: z.coerce.number().int().positive().max(1_440).default(15),
  /** Samtaler: a guest may be let in from this long before the start (at most a day). */
  GUEST_ADMISSION_MINUTES_BEFORE_START: z.coerce.number().int().nonnegative().max(1_440).default(30),
  /** Samtaler: a clinician may join the call from this long before the start (at most a day). */
  CLINICIAN_JOIN_MINUTES_BEFORE_START: z.coerce.number().int().nonnegative().max(1_440).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** LINK Mobility SMS REST API base URL as assigned (e.g. https://n-eu.linkmobility.io/sms). Unset: the development outbox. */
  SMS_PROVIDER_URL: optionalString.pipe(z.url().optional()),
  SMS_USERNAME: optionalString,
  SMS_PASSWORD: optionalString,
  SMS_PLATFORM_ID: optionalString,
  SMS_PLATFORM_PARTNER_ID: optionalString,
  /** Shown as the sender: 2–11 letters or digits starting with a letter, or an E.164 number. */
  SMS_SENDER: z
    .string()
    .regex(
      /^(?:[A-Za-z][A-Za-z0-9]{1,10}|\+[1-9]\d{7,14})$/,
      'må være 2–11 bokstaver/sifre som starter med en bokstav, eller et +-nummer / 2–11 letters or digits starting with a letter, or an E.164 number',
    )
    .default('Samrom'),
  /** smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465. Unset: the development outbox. */
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  SMTP_FROM: optionalString,
  /** Refuse to send over an unencrypted SMTP connection. @defaultValue true in production */
  SMTP_REQUIRE_TLS: bool.optional(),
  /** Phone entry to the advice line through a LiveKit SIP trunk (see README, "Telefon inn"). Off unless `true`. */
  SIP_ENABLED: bool.optional(),
  /** `specialty:+E164` pairs, comma-separated: the number called chooses the specialty. */
  SIP_INBOUND_NUMBERS: list.default([]),
  /** The trunk provider's signalling addresses (IPs, CIDRs or hosts). */
  SIP_ALLOWED_ADDRESSES: list.default([]),
  /** Optional allow-list of callers (E.164). */
  SIP_ALLOWED_NUMBERS: list.default([]),
  SIP_TRUNK_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,64}$/)
    .default('samrom-konferer'),
  /** LiveKit names each caller's room `<prefix>_<caller>_<random>`; the prefix itself holds no personal data. */
  SIP_ROOM_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]{1,20}$/)
    .default('konf-'),
  SIP_PRIORITY: z.enum(['akutt', 'haster', 'vanlig']).default('vanlig'),
  /** Whose `X-Forwarded-For` to believe (see {@link parseTrustProxy}). @defaultValue none in production, loopback elsewhere */
  TRUST_PROXY: optionalString,
  /** Bearer token `/metrics` requires; required in production. Unset elsewhere: `/metrics` is open. */
  METRICS_TOKEN: optionalString,
  /** A second listener with only /healthz, /readyz and /metrics; a worker's only listener. @defaultValue unset (web), 9464 (worker) */
  /** On SIGTERM a web process answers /readyz 503 this long, still serving, before it closes. @defaultValue 5000 in production, 0 elsewhere */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  /** The longest a shutdown may take, drain included; then the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(DEFAULT_SHUTDOWN_TIMEOUT_MS),
  METRICS_PORT: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(0).max(65_535).optional()),
});

export type Env = z.input<typeof EnvSchema>;

/** How long before a meeting's start guests may be let in and clinicians may join. */
export interface AdmissionWindows {
  /** @defaultValue 30 */
  readonly guestMinutesBeforeStart: number;
  /** @defaultValue 60 */
  readonly clinicianMinutesBeforeStart: number;
}

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly publicBaseUrl: string;
  readonly dataDir: string;
  readonly database: PostgresSettings | { readonly kind: 'pglite'; readonly dir: string };
  readonly redisUrl: string | undefined;
  readonly queuePrefix: string;
  readonly livekit: { readonly url: string; readonly apiKey: string; readonly apiSecret: string };
  readonly bot: {
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly tenantId: string | undefined;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly openIdMetadataUrl: string | undefined;
  };
  readonly auth: {
    readonly issuer: string | undefined;
    readonly audience: string | undefined;
    readonly jwksUri: string | undefined;
    readonly tenantIds: readonly string[];
    readonly bootstrapAdminOids: readonly string[];
    readonly devSignIn: boolean;
  };
  readonly adviceRingTimeoutSeconds: number;
  /** Who a requester is told to call when nobody in the specialty is on call. */
  readonly adviceSwitchboards: { readonly fallback: string; readonly bySpecialty: Readonly<Record<string, string>> };
  readonly emergencyRingTimeoutSeconds: number;
  readonly emergencyUnansweredCloseMinutes: number;
  /** Samtaler: how early guests may be let in and clinicians may join (issue 15). */
  readonly admission: AdmissionWindows;
  readonly logLevel: string;
  /** A real SMS provider, or the development outbox (refused in production). */
  readonly sms:
    | {
        readonly kind: 'linkmobility';
        readonly baseUrl: string;
        readonly username: string;
        readonly password: string;
        readonly platformId: string;
        readonly platformPartnerId: string;
        readonly sender: string;
      }
    | { readonly kind: 'dev-outbox' };
  /** An SMTP relay, or the development outbox (refused in production). */
  readonly email: { readonly kind: 'smtp'; readonly url: string; readonly from: string; readonly requireTls: boolean } | { readonly kind: 'dev-outbox' };
  /** Phone entry to the advice line (LiveKit SIP); undefined when off. */
  readonly sip: SipConfig | undefined;
  /** express's `trust proxy`: which peers' `X-Forwarded-For` decides the client address (rate limits, logs). */
  readonly trustProxy: TrustProxy;
  /** The bearer token `/metrics` requires; undefined = open (never in production). */
  readonly metricsToken: string | undefined;
  /** Where /healthz, /readyz and /metrics are served besides PORT; undefined = the role's default (see server.ts). */
  readonly metricsPort: number | undefined;
  readonly shutdown: ShutdownSettings;
}

export interface ShutdownSettings {
  /** How long /readyz answers 503 `draining` (requests still served) before the web side closes. */
  readonly drainMs: number;
  /** The whole shutdown's limit (inside Kubernetes' default 30-s grace); the process exits anyway after it. */
  readonly timeoutMs: number;
}

/**
 * How long a worker's shutdown waits for jobs in flight: half of what the drain leaves of the
 * shutdown's limit, so closing the connections afterwards still fits inside it.
 */
export function workerCloseGraceMs(shutdown: ShutdownSettings): number {
  return Math.max(0, Math.floor((shutdown.timeoutMs - shutdown.drainMs) / 2));
}

export interface PostgresSettings {
  readonly kind: 'postgres';
  readonly url: string;
  readonly poolMax: number;
  readonly poolTimeoutMs: number;
  /** 0 = no statement timeout. */
  readonly statementTimeoutMs: number;
  /** TLS to the server; undefined = as DATABASE_URL says. */
  readonly ssl: { readonly mode: DatabaseSslMode; readonly caFile: string | undefined } | undefined;
}

export type DatabaseSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** `false`: no proxy (the peer is the client); a hop count; or the proxies' addresses, CIDRs and express's names. */
export type TrustProxy = false | number | readonly string[];

export interface SipConfig {
  readonly trunkName: string;
  /** The line's numbers (E.164), each for one specialty. */
  readonly inboundNumbers: readonly { readonly specialty: string; readonly number: string }[];
  readonly allowedAddresses: readonly string[];
  readonly allowedNumbers: readonly string[];
  readonly roomPrefix: string;
  readonly priority: 'akutt' | 'haster' | 'vanlig';
}

const E164 = /^\+[1-9]\d{6,14}$/;
const SPECIALTY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The development default switchboard: in the demo directory's invented number range, refused in production. */
export const DEMO_SWITCHBOARD_NUMBER = '+4790000000';

function switchboards(e: z.output<typeof EnvSchema>): { value: Config['adviceSwitchboards']; problems: string[] } {
  const problems: string[] = [];
  const fallback = e.ADVICE_SWITCHBOARD_NUMBER ?? DEMO_SWITCHBOARD_NUMBER;
  if (!E164.test(fallback)) problems.push(`ADVICE_SWITCHBOARD_NUMBER: «${fallback}» er ikke et E.164-nummer / is not an E.164 number`);
  const bySpecialty: Record<string, string> = {};
  for (const entry of e.ADVICE_SWITCHBOARD_NUMBERS) {
    const [specialty = '', number = ''] = entry.split(':').map((s) => s.trim());
    if (!SPECIALTY.test(specialty) || !E164.test(number)) {
      problems.push(
        `ADVICE_SWITCHBOARD_NUMBERS: «${entry}» må være fagområde:+E164, f.eks. kardiologi:+4732000001 / must be specialty:+E164, e.g. kardiologi:+4732000001`,
      );
    } else bySpecialty[specialty] = number;
  }
  return { value: { fallback, bySpecialty }, problems };
}

function sipConfig(e: z.output<typeof EnvSchema>): { sip: SipConfig | undefined; problems: string[] } {
  if (!e.SIP_ENABLED) return { sip: undefined, problems: [] };
  const problems: string[] = [];
  const inboundNumbers: { specialty: string; number: string }[] = [];
  for (const entry of e.SIP_INBOUND_NUMBERS) {
    const [specialty = '', number = ''] = entry.split(':').map((s) => s.trim());
    if (!SPECIALTY.test(specialty) || !E164.test(number)) {
      problems.push(
        `SIP_INBOUND_NUMBERS: «${entry}» må være fagområde:+E164, f.eks. kardiologi:+4722000001 / must be specialty:+E164, e.g. kardiologi:+4722000001`,
      );
    } else if (inboundNumbers.some((n) => n.number === number)) {
      problems.push(`SIP_INBOUND_NUMBERS: ${number} står to ganger / is listed twice`);
    } else inboundNumbers.push({ specialty, number });
  }
  if (e.SIP_INBOUND_NUMBERS.length === 0) {
    problems.push('SIP_INBOUND_NUMBERS: minst ett nummer kreves når SIP_ENABLED er på / at least one number is required when SIP_ENABLED is on');
  }
  for (const n of e.SIP_ALLOWED_NUMBERS) {
    if (!E164.test(n)) problems.push(`SIP_ALLOWED_NUMBERS: «${n}» er ikke et E.164-nummer / is not an E.164 number`);
  }
  const sip: SipConfig = {
    trunkName: e.SIP_TRUNK_NAME,
    inboundNumbers,
    allowedAddresses: e.SIP_ALLOWED_ADDRESSES,
    allowedNumbers: e.SIP_ALLOWED_NUMBERS,
    roomPrefix: e.SIP_ROOM_PREFIX,
    priority: e.SIP_PRIORITY,
  };
  return { sip, problems };
}

/** Express's names for address ranges, accepted in TRUST_PROXY next to addresses and CIDRs. */
const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_TRUST_PROXY_HOPS = 10;

/**
 * TRUST_PROXY: `false`/`0` trusts no proxy; a number trusts that many hops in front of Samrom;
 * a comma-separated list trusts those addresses, CIDRs and express's names (`loopback`,
 * `linklocal`, `uniquelocal`). `true` (trust everyone) is refused: any client could then
 * choose its own address. Unset: none in production; loopback elsewhere (a local dev proxy).
 */
export function parseTrustProxy(raw: string | undefined, env: Config['env']): { value: TrustProxy; problems: string[] } {
  if (raw === undefined) return { value: env === 'production' ? false : ['loopback'], problems: [] };
  const value = raw.toLowerCase();
  if (['false', 'no', 'off', '0'].includes(value)) return { value: false, problems: [] };
  if (['true', 'yes', 'on'].includes(value)) {
    return {
      value: false,
      problems: [
        "TRUST_PROXY: «true» ville stole på X-Forwarded-For fra alle; oppgi antall proxyer (f.eks. 1) eller proxyenes adresser / «true» would trust X-Forwarded-For from anyone; give a hop count (e.g. 1) or the proxies' addresses",
      ],
    };
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= MAX_TRUST_PROXY_HOPS) return { value: hops, problems: [] };
    return { value: false, problems: [`TRUST_PROXY: høyst ${MAX_TRUST_PROXY_HOPS} proxyer / at most ${MAX_TRUST_PROXY_HOPS} hops`] };
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !TRUST_PROXY_NAMES.includes(e) && !isAddressOrCidr(e));
  if (bad.length === 0 && entries.length > 0) return { value: entries, problems: [] };
  return {
    value: false,
    problems: [
      `TRUST_PROXY: «${bad.join(', ') || raw}» er verken false, et antall, en IP-adresse, en CIDR eller loopback/linklocal/uniquelocal / is not false, a hop count, an IP address, a CIDR or loopback/linklocal/uniquelocal`,
    ],
  };
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Ugyldig konfigurasjon / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws ConfigError listing every problem, each naming its variable. */
/** The drain and the shutdown limit (5 s drain in production, none elsewhere); the drain must be the shorter. */
function shutdownSettings(e: z.output<typeof EnvSchema>): { shutdown: ShutdownSettings; problems: string[] } {
  const shutdown: ShutdownSettings = { drainMs: e.SHUTDOWN_DRAIN_MS ?? (e.NODE_ENV === 'production' ? 5_000 : 0), timeoutMs: e.SHUTDOWN_TIMEOUT_MS };
  const problems =
    shutdown.drainMs >= shutdown.timeoutMs
      ? [
          `SHUTDOWN_DRAIN_MS: må være kortere enn SHUTDOWN_TIMEOUT_MS (${shutdown.timeoutMs}) / must be shorter than SHUTDOWN_TIMEOUT_MS (${shutdown.timeoutMs})`,
        ]
      : [];
  return { shutdown, problems };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const partlySet = [
    ...requiredTogether({
      SMS_PROVIDER_URL: e.SMS_PROVIDER_URL,
      SMS_USERNAME: e.SMS_USERNAME,
      SMS_PASSWORD: e.SMS_PASSWORD,
      SMS_PLATFORM_ID: e.SMS_PLATFORM_ID,
      SMS_PLATFORM_PARTNER_ID: e.SMS_PLATFORM_PARTNER_ID,
    }),
    ...requiredTogether({ SMTP_URL: e.SMTP_URL, SMTP_FROM: e.SMTP_FROM }),
  ];
  const sip = sipConfig(e);
  const trustProxy = parseTrustProxy(e.TRUST_PROXY, e.NODE_ENV);
  const boards = switchboards(e);
  const { shutdown, problems: shutdownProblems } = shutdownSettings(e);
  const invalid = [...partlySet, ...sip.problems, ...trustProxy.problems, ...databaseSslProblems(e), ...shutdownProblems, ...boards.problems];
  if (invalid.length > 0) throw new ConfigError(invalid);
  const dataDir = path.resolve(e.DATA_DIR);
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir,
    database: e.DATABASE_URL ? postgresSettings(e, e.DATABASE_URL) : { kind: 'pglite', dir: path.join(dataDir, 'db') },
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    livekit: { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET },
    bot: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      appType: e.MICROSOFT_APP_TYPE,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
    },
    auth: {
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      jwksUri: e.AUTH_JWKS_URI,
      tenantIds: e.AUTH_TENANT_IDS,
      bootstrapAdminOids: e.BOOTSTRAP_ADMIN_OIDS,
      devSignIn: e.DEV_AUTH ?? e.NODE_ENV !== 'production',
    },
    adviceRingTimeoutSeconds: e.ADVICE_RING_TIMEOUT_SECONDS,
    adviceSwitchboards: boards.value,
    emergencyRingTimeoutSeconds: e.EMERGENCY_RING_TIMEOUT_SECONDS,
    emergencyUnansweredCloseMinutes: e.EMERGENCY_UNANSWERED_CLOSE_MINUTES,
    admission: { guestMinutesBeforeStart: e.GUEST_ADMISSION_MINUTES_BEFORE_START, clinicianMinutesBeforeStart: e.CLINICIAN_JOIN_MINUTES_BEFORE_START },
    logLevel: e.LOG_LEVEL,
    sms:
      e.SMS_PROVIDER_URL && e.SMS_USERNAME && e.SMS_PASSWORD && e.SMS_PLATFORM_ID && e.SMS_PLATFORM_PARTNER_ID
        ? {
            kind: 'linkmobility',
            baseUrl: e.SMS_PROVIDER_URL,
            username: e.SMS_USERNAME,
            password: e.SMS_PASSWORD,
            platformId: e.SMS_PLATFORM_ID,
            platformPartnerId: e.SMS_PLATFORM_PARTNER_ID,
            sender: e.SMS_SENDER,
          }
        : { kind: 'dev-outbox' },
    email:
      e.SMTP_URL && e.SMTP_FROM
        ? { kind: 'smtp', url: e.SMTP_URL, from: e.SMTP_FROM, requireTls: e.SMTP_REQUIRE_TLS ?? e.NODE_ENV === 'production' }
        : { kind: 'dev-outbox' },
    sip: sip.sip,
    trustProxy: trustProxy.value,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    shutdown,
  };
  const problems = productionProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A production `/metrics` token must be at least this long (a random secret, not a word). @defaultValue 32 */
export const MIN_PRODUCTION_METRICS_TOKEN_LENGTH = 32;

/** What makes a configuration unsafe for production (empty outside production). */
export function productionProblems(config: Config): string[] {
  if (config.env !== 'production') return [];
  const problems: string[] = [];
  if (!config.bot.appId || !config.bot.appPassword) {
    problems.push(
      'MICROSOFT_APP_ID / MICROSOFT_APP_PASSWORD: må være satt i produksjon (ellers er bot-autentisering av) / required in production (bot authentication would be off)',
    );
  }
  if (config.auth.devSignIn) {
    problems.push('DEV_AUTH: utviklerinnlogging kan ikke være på i produksjon / development sign-in must be off in production');
  }
  if (config.livekit.apiKey === LIVEKIT_DEV_API_KEY || config.livekit.apiSecret === LIVEKIT_DEV_API_SECRET) {
    problems.push('LIVEKIT_API_KEY / LIVEKIT_API_SECRET: utviklernøklene (--dev) kan ikke brukes i produksjon / the --dev keys are refused in production');
  }
  if (config.livekit.apiSecret.length < 32 && config.livekit.apiSecret !== LIVEKIT_DEV_API_SECRET) {
    problems.push('LIVEKIT_API_SECRET: må være minst 32 tegn / must be at least 32 characters');
  }
  if (!config.auth.issuer || !config.auth.audience || !config.auth.jwksUri) {
    problems.push('AUTH_ISSUER / AUTH_AUDIENCE / AUTH_JWKS_URI: må være satt i produksjon / required in production');
  }
  if (config.auth.tenantIds.length === 0) {
    problems.push('AUTH_TENANT_IDS: minst én tillatt tenant må angis / at least one allowed tenant is required');
  }
  if (!config.publicBaseUrl.startsWith('https://')) {
    problems.push('PUBLIC_BASE_URL: må være https i produksjon / must be https in production');
  }
  if (!config.redisUrl) {
    problems.push('REDIS_URL: må være satt i produksjon / required in production');
  }
  if (config.database.kind !== 'postgres') {
    problems.push('DATABASE_URL: PostgreSQL kreves i produksjon (PGlite er bare for utvikling) / PostgreSQL is required in production');
  } else if (!databaseTlsVerified(config.database) && !isLocalDatabase(config.database.url)) {
    problems.push(
      'DATABASE_SSL_MODE: må være verify-full (eller verify-ca) i produksjon når databasen ikke er på samme maskin; pasientdata skal ikke gå ukryptert eller til en server som ikke er sjekket / must be verify-full (or verify-ca) in production unless the database is on this machine: patient data must not travel unencrypted or to an unverified server',
    );
  }
  if (config.sms.kind !== 'linkmobility') {
    problems.push(
      'SMS_PROVIDER_URL / SMS_USERNAME / SMS_PASSWORD / SMS_PLATFORM_ID / SMS_PLATFORM_PARTNER_ID: en SMS-leverandør må være satt opp i produksjon (utviklingsutboksen er av) / an SMS provider is required in production (the development outbox is off)',
    );
  } else if (!config.sms.baseUrl.startsWith('https://')) {
    problems.push('SMS_PROVIDER_URL: må være https i produksjon / must be https in production');
  }
  if (config.email.kind !== 'smtp') {
    problems.push(
      'SMTP_URL / SMTP_FROM: en SMTP-server må være satt opp i produksjon (utviklingsutboksen er av) / an SMTP server is required in production (the development outbox is off)',
    );
  }
  if (!/^(wss|https):\/\//.test(config.livekit.url)) {
    problems.push(
      'LIVEKIT_URL: må være wss:// (eller https://) i produksjon; video og tokens går ellers ukryptert / must be wss:// (or https://) in production: otherwise video and tokens travel unencrypted',
    );
  }
  if (config.email.kind === 'smtp' && !config.email.requireTls) {
    problems.push(
      'SMTP_REQUIRE_TLS: kan ikke være av i produksjon; invitasjoner med personlige lenker skal ikke gå ukryptert / cannot be off in production: invitations carry personal links',
    );
  }
  if (!config.metricsToken) {
    problems.push(
      'METRICS_TOKEN: må være satt i produksjon; /metrics viser ventende forespørsler per fagområde og AMK-videotall / required in production: /metrics shows waiting requests per specialty and citizen-video counts',
    );
  } else if (config.metricsToken.length < MIN_PRODUCTION_METRICS_TOKEN_LENGTH) {
    problems.push(
      `METRICS_TOKEN: må være minst ${MIN_PRODUCTION_METRICS_TOKEN_LENGTH} tegn / must be at least ${MIN_PRODUCTION_METRICS_TOKEN_LENGTH} characters`,
    );
  }
  if (config.adviceSwitchboards.fallback === DEMO_SWITCHBOARD_NUMBER) {
    problems.push(
      'ADVICE_SWITCHBOARD_NUMBER: må være satt i produksjon; den sendes til legen når ingen har vakt i et fagområde / required in production: it is given to the doctor when nobody in a specialty is on call',
    );
  }
  if (config.sip && config.sip.allowedAddresses.length === 0) {
    problems.push(
      'SIP_ALLOWED_ADDRESSES: må være satt når SIP er på i produksjon; ellers kan hvem som helst på internett ringe inn til trunken, og et oppringernummer alene kan forfalskes / required when SIP is on in production: otherwise anyone on the internet can send calls to the trunk, and a caller number alone can be spoofed',
    );
  }
  return problems;
}

function postgresSettings(e: z.output<typeof EnvSchema>, url: string): PostgresSettings {
  return {
    kind: 'postgres',
    url,
    poolMax: e.DATABASE_POOL_MAX,
    poolTimeoutMs: e.DATABASE_POOL_TIMEOUT_MS,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    ssl: e.DATABASE_SSL_MODE ? { mode: e.DATABASE_SSL_MODE, caFile: e.DATABASE_SSL_CA } : undefined,
  };
}

/** node-postgres lets `sslmode` in the URL override its TLS options, so the two ways must not both be used. */
function databaseSslProblems(e: z.output<typeof EnvSchema>): string[] {
  const urlMode = e.DATABASE_URL ? urlSslMode(e.DATABASE_URL) : undefined;
  const problems: string[] = [];
  if (urlMode !== undefined && (e.DATABASE_SSL_MODE || e.DATABASE_SSL_CA)) {
    problems.push(
      'DATABASE_SSL_MODE / DATABASE_SSL_CA: kan ikke brukes sammen med sslmode i DATABASE_URL; velg én av dem / cannot be used together with sslmode in DATABASE_URL: choose one',
    );
  }
  if (e.DATABASE_SSL_CA && (e.DATABASE_SSL_MODE === undefined || e.DATABASE_SSL_MODE === 'disable' || e.DATABASE_SSL_MODE === 'require')) {
    problems.push('DATABASE_SSL_CA: brukes bare med DATABASE_SSL_MODE=verify-ca eller verify-full / only used with DATABASE_SSL_MODE=verify-ca or verify-full');
  }
  return problems;
}

function urlSslMode(url: string): string | undefined {
  try {
    const params = new URL(url).searchParams;
    return params.get('sslmode') ?? (params.has('ssl') ? 'ssl' : undefined);
  } catch {
    return undefined;
  }
}

/** Loopback or a Unix socket: a connection that never crosses a network needs no TLS. */
function isLocalDatabase(url: string): boolean {
  try {
    const parsed = new URL(url);
    const host = parsed.searchParams.get('host') ?? decodeURIComponent(parsed.hostname);
    return host === '' || host.startsWith('/') || ['localhost', '127.0.0.1', '[::1]', '::1'].includes(host);
  } catch {
    return false;
  }
}

/** The server's certificate is checked (libpq's verify-ca or verify-full), from the env or the URL. */
function databaseTlsVerified(db: PostgresSettings): boolean {
  const mode = db.ssl?.mode ?? urlSslMode(db.url);
  return mode === 'verify-ca' || mode === 'verify-full';
}

/** Variables that only make sense together: when some are set, each unset one is a problem. */
function requiredTogether(vars: Record<string, string | undefined>): string[] {
  const names = Object.keys(vars);
  const set = names.filter((n) => vars[n] !== undefined);
  if (set.length === 0 || set.length === names.length) return [];
  return names.filter((n) => vars[n] === undefined).map((n) => `${n}: må settes sammen med ${set.join(', ')} / required together with ${set.join(', ')}`);
}

/** Checked once connected: Redis must never evict queue keys. */
export function redisPolicyProblem(maxmemoryPolicy: string): string | null {
  return maxmemoryPolicy === 'noeviction'
    ? null
    : `REDIS_URL: Redis må kjøre med maxmemory-policy noeviction (er ${maxmemoryPolicy}) / Redis must run with maxmemory-policy noeviction (is ${maxmemoryPolicy})`;
}
