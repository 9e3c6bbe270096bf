/**
 * For the fault tests: Samrom as a real process (`--role=all`, as `npm start` runs it) on a
 * PostgreSQL database and a Redis the test may kill, with a Bot Connector double holding the
 * Teams chats of the people who get rung. A bounded load of bookings, emergency calls and
 * advice requests is sent through the API, and each answer is checked against what reached
 * Teams: every request answered 2xx must reach its end state (a card at the Bot Connector)
 * exactly once, and a refused request must have written nothing.
 */
import { setTimeout } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { count, isNull, and } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { expect, vi } from 'vitest';
import { PostgresConversationStore } from '../../server/src/adapters/postgres/conversation-store';
import { type Database, openDatabase } from '../../server/src/adapters/postgres/db';
import { adviceRequests, consultations, emergencyCalls, outbox } from '../../server/src/adapters/postgres/schema';
import { type FakeConnector, startFakeConnector } from './bot-connector';
import { type SamromProcess, freePort, spawnSamrom, waitUntilRunning } from './samrom-process';

/** "When Redis returns, everything resumes within 15 s"; the same bound for PostgreSQL. */
export const RESUME_WITHIN_MS = 15_000;

export type LoadKind = 'booking' | 'emergency' | 'advice';
export const LOAD_KINDS: readonly LoadKind[] = ['booking', 'emergency', 'advice'];

export interface Answer {
  readonly kind: LoadKind;
  /** The HTTP status, or 0 when the request got no answer at all (connection refused or reset). */
  readonly status: number;
  readonly id: string | undefined;
  readonly code: string | undefined;
  readonly retryAfter: string | null;
}

const SPECIALTY = 'nevrologi';
const PEOPLE = {
  coordinator: { id: 'fault-ke', name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Vestre Viken HF' },
  /** The booked meetings' host; gets each invitation in Teams. */
  gp: { id: 'fault-gp', name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter' },
  /** Asks for advice; has no Teams chat, so no status cards muddle the counts. */
  asker: { id: 'fault-gp-asker', name: 'Anne Fastlege', roles: ['gp'], organization: 'Hurum legekontor' },
  legevakt: { id: 'fault-lv', name: 'Magnus Legevakt', roles: ['legevakt'], organization: 'Drammen interkommunale legevakt' },
  amk: [
    { id: 'fault-amk-1', name: 'Operatør En', roles: ['amk'], organization: 'AMK Vestre Viken' },
    { id: 'fault-amk-2', name: 'Operatør To', roles: ['amk'], organization: 'AMK Vestre Viken' },
  ],
  /** On call (level 1) for the specialty: rung for every advice request. */
  specialist: { id: 'fault-nevro-1', name: 'Nina Nevrolog', roles: ['specialist'], specialty: SPECIALTY, organization: 'Drammen sykehus' },
} as const;
/** The queues a request's end state passes through (and the ones that run beside them). */
const QUEUE_NAMES = ['invitations', 'reminders', 'emergency-ring', 'emergency-escalate', 'advice', 'rosters', 'system', 'summary-shared'];
const QUEUE_PREFIX = 'samrom';
/** A delayed job due within this long still counts as work in progress. */
const DUE_SOON_MS = 60_000;

export interface OutageWorldOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Wait for the "running" banner before returning. @defaultValue true */
  readonly waitUntilRunning?: boolean;
}

export class OutageWorld {
  private tokens: Partial<Record<LoadKind, string>> = {};
  private bookings = 0;
  private exitedEarly: number | null | undefined;

  private constructor(
    readonly samrom: SamromProcess,
    readonly connector: FakeConnector,
    readonly database: Database,
    private readonly redisUrl: string,
  ) {
    void samrom.exited.then((code) => (this.exitedEarly = code));
  }

  /** Starts Samrom; with `waitUntilRunning: false` it returns as soon as the process is spawned. */
  static async start(o: OutageWorldOptions): Promise<OutageWorld> {
    const connector = await startFakeConnector();
    const database = await openDatabase({ kind: 'postgres', url: o.databaseUrl, poolSize: 2 });
    const port = String(await freePort());
    const samrom = spawnSamrom({
      PORT: port,
      PUBLIC_BASE_URL: `http://localhost:${port}`,
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      LOG_LEVEL: 'info',
      // Nobody answers in these tests: no escalation or second round may add cards while they count.
      EMERGENCY_RING_TIMEOUT_SECONDS: '3600',
      ADVICE_RING_TIMEOUT_SECONDS: '3600',
    });
    const world = new OutageWorld(samrom, connector, database, o.redisUrl);
    if (o.waitUntilRunning ?? true) await world.ready();
    return world;
  }

  get baseUrl(): string {
    return this.samrom.baseUrl;
  }

  /** Waits for the banner, then adds the people, their Teams chats and the roster. */
  async ready(): Promise<void> {
    await waitUntilRunning(this.samrom, 120_000);
    const people = (await this.json('GET', '/api/dev/people')) as { people: { id: string; roles: string[] }[] };
    const admin = people.people.find((p) => p.roles.includes('admin'));
    if (!admin) throw new Error('the demo directory has no admin');
    const adminToken = await this.signIn(admin.id);
    const all = [PEOPLE.coordinator, PEOPLE.gp, PEOPLE.asker, PEOPLE.legevakt, ...PEOPLE.amk, PEOPLE.specialist];
    await this.json('POST', '/api/admin/directory', { people: all }, adminToken);
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date(Date.now() + 12 * 3_600_000).toISOString();
    await this.json('PUT', `/api/rosters/${SPECIALTY}`, { shifts: [{ personId: PEOPLE.specialist.id, level: 1, start, end }] }, adminToken);
    const conversations = new PostgresConversationStore(this.database.db);
    for (const { id } of [PEOPLE.gp, ...PEOPLE.amk, PEOPLE.specialist]) {
      const conversationId = conversationOf(id);
      const serviceUrl = this.connector.url;
      await conversations.save({
        conversationId,
        personId: id,
        aadObjectId: null,
        tenantId: 'fault-tenant',
        serviceUrl,
        reference: {
          channelId: 'msteams',
          serviceUrl,
          bot: { id: '28:samrom-bot', name: 'Samrom' },
          user: { id: `29:${id}` },
          conversation: { id: conversationId, conversationType: 'personal', tenantId: 'fault-tenant' },
        },
      });
    }
    this.tokens = {
      booking: await this.signIn(PEOPLE.coordinator.id),
      emergency: await this.signIn(PEOPLE.legevakt.id),
      advice: await this.signIn(PEOPLE.asker.id),
    };
  }

  /**
   * Sends `n` requests one after another, the kinds in turn, and adds their answers to `answers`.
   * With `everyMs`, a request starts that often (a load spread over a stretch of time).
   */
  async load(n: number, answers: Answer[], o: { everyMs?: number } = {}): Promise<void> {
    for (let i = 0; i < n; i++) {
      const next = o.everyMs === undefined ? undefined : setTimeout(o.everyMs);
      answers.push(await this.send(LOAD_KINDS[answers.length % LOAD_KINDS.length]!));
      await next;
    }
  }

  /** One request of that kind; never throws (no answer is status 0). */
  async send(kind: LoadKind): Promise<Answer> {
    const [path, body] = this.request(kind);
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.tokens[kind]}` },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
      return { kind, status: res.status, id: json.id, code: json.error?.code, retryAfter: res.headers.get('retry-after') };
    } catch {
      return { kind, status: 0, id: undefined, code: undefined, retryAfter: null };
    }
  }

  /** Fails the test, with the process's last output, if Samrom has exited. */
  expectAlive(): void {
    expect(this.exitedEarly, `Samrom exited; its last output:\n${this.samrom.output().slice(-4_000)}`).toBeUndefined();
  }

  /** `GET /readyz`: the status and the checks, or status 0 when nothing answers. Fails at once if Samrom has exited. */
  async readiness(): Promise<{ status: number; checks: Record<string, string> }> {
    this.expectAlive();
    try {
      const res = await fetch(`${this.baseUrl}/readyz`);
      const body = (await res.json()) as { checks: Record<string, string> };
      return { status: res.status, checks: body.checks };
    } catch {
      return { status: 0, checks: {} };
    }
  }

  /** The cards that reached Teams for this answer: one count per chat that should get one. */
  cardsFor(answer: Answer): number[] {
    const id = answer.id;
    if (!id) return [];
    const recipients = answer.kind === 'booking' ? [PEOPLE.gp.id] : answer.kind === 'emergency' ? PEOPLE.amk.map((p) => p.id) : [PEOPLE.specialist.id];
    // New messages only: a card updated in place (PUT) is the same card.
    return recipients.map(
      (personId) =>
        this.connector.requests.filter((r) => r.method === 'POST' && r.conversationId === conversationOf(personId) && JSON.stringify(r.body).includes(id))
          .length,
    );
  }

  /**
   * Every request answered 2xx reached its end state exactly once, every refusal was a 503
   * `unavailable` with Retry-After, and the database holds exactly the accepted requests (a
   * refused one wrote nothing).
   */
  async expectEachAcceptedOnce(answers: readonly Answer[]): Promise<void> {
    const accepted = answers.filter((a) => a.status >= 200 && a.status < 300);
    await vi.waitFor(() => expect(accepted.filter((a) => this.cardsFor(a).some((n) => n === 0))).toEqual([]), { timeout: RESUME_WITHIN_MS, interval: 200 });
    await this.quiescent(RESUME_WITHIN_MS);
    expect(accepted.map((a) => ({ ...a, cards: this.cardsFor(a) })).filter((a) => a.cards.some((n) => n !== 1))).toEqual([]);
    const refused = answers.filter((a) => a.status < 200 || a.status >= 300);
    expect(refused.filter((a) => a.status !== 503 || a.code !== 'unavailable' || a.retryAfter === null)).toEqual([]);
    const rows = await this.rows();
    for (const kind of LOAD_KINDS) expect(rows[kind], `${kind} rows`).toBe(accepted.filter((a) => a.kind === kind).length);
  }

  /** Rows of each kind in the database. */
  async rows(): Promise<Record<LoadKind, number>> {
    const n = async (table: typeof consultations | typeof emergencyCalls | typeof adviceRequests) =>
      (await this.database.db.select({ n: count() }).from(table))[0]!.n;
    return { booking: await n(consultations), emergency: await n(emergencyCalls), advice: await n(adviceRequests) };
  }

  /**
   * Resolves once nothing is left that could still send a card: every outbox row reached Redis
   * and no job waits, runs or is due within a minute (reminders days away and escalations an
   * hour away may stay). Only then are counts of "exactly once" final.
   */
  async quiescent(timeoutMs: number): Promise<void> {
    const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null, protocol: 2 });
    const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection, prefix: QUEUE_PREFIX }));
    try {
      await vi.waitFor(
        async () => {
          const [unsent] = await this.database.db
            .select({ n: count() })
            .from(outbox)
            .where(and(isNull(outbox.enqueuedAt), isNull(outbox.cancelledAt)));
          expect(unsent!.n, 'outbox rows not yet in Redis').toBe(0);
          for (const queue of queues) {
            const counts = await queue.getJobCounts('wait', 'active', 'prioritized');
            expect(counts, `jobs still waiting or running in ${queue.name}`).toEqual({ wait: 0, active: 0, prioritized: 0 });
            // A job put back to wait out an outage is delayed by seconds; reminders and escalations by an hour or more.
            const dueSoon = (await queue.getDelayed()).filter((job) => job.timestamp + job.delay < Date.now() + DUE_SOON_MS);
            expect(
              dueSoon.map((job) => job.name),
              `jobs due soon in ${queue.name}`,
            ).toEqual([]);
          }
        },
        { timeout: timeoutMs, interval: 250 },
      );
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      connection.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.samrom.stop('SIGKILL');
    await this.connector.close();
    await this.database.close();
  }

  private request(kind: LoadKind): [string, unknown] {
    switch (kind) {
      case 'booking': {
        // Three days ahead, half an hour apart: no reminder is due yet and the host is never double-booked.
        const day = new Date(Date.now() + 3 * 86_400_000);
        day.setUTCHours(6, 0, 0, 0);
        const start = new Date(day.getTime() + this.bookings++ * 30 * 60_000).toISOString();
        return [
          '/api/consultations',
          {
            title: 'Oppfølging etter utskrivning',
            patient: { name: 'Per Pasient', email: 'per.pasient@example.no' },
            start,
            durationMinutes: 30,
            participants: [{ role: 'patient' }, { role: 'gp', personId: PEOPLE.gp.id }],
          },
        ];
      }
      case 'emergency':
        return ['/api/emergency-calls', { triage: 'gul' }];
      case 'advice':
        return [
          '/api/advice-requests',
          {
            specialty: SPECIALTY,
            priority: 'haster',
            isbar: { identification: 'Kvinne 54 år', situation: 'Hodepine', background: '', assessment: '', recommendation: 'Vurdering' },
            mode: 'video',
          },
        ];
      default:
        return kind satisfies never;
    }
  }

  private async signIn(personId: string): Promise<string> {
    const { token } = (await this.json('POST', '/api/dev/sign-in', { personId })) as { token: string };
    return token;
  }

  private async json(method: string, path: string, body?: unknown, token?: string): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }
}

function conversationOf(personId: string): string {
  return `a:fault-${personId}`;
}
