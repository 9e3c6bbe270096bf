/** In-memory ports and a recording logger for the bot and Teams notifier tests. */
import { DomainError } from '../../server/src/core/errors';
import type { ConversationRecord, ConversationStore, Directory, Person, PersonInput } from '../../server/src/core/ports';

export class MemoryConversationStore implements ConversationStore {
  readonly records = new Map<string, ConversationRecord>();
  saves = 0;

  async save(record: ConversationRecord): Promise<void> {
    this.saves += 1;
    // Round-trip through JSON like a jsonb column would, so nothing relies on object identity.
    // Deleted first, so the map's order is the order of the latest saves.
    this.records.delete(record.conversationId);
    this.records.set(record.conversationId, JSON.parse(JSON.stringify(record)) as ConversationRecord);
  }

  async byConversationId(conversationId: string): Promise<ConversationRecord | null> {
    return this.records.get(conversationId) ?? null;
  }

  /** The person's most recently saved conversation, as in PostgreSQL. */
  async personalFor(personId: string): Promise<ConversationRecord | null> {
    return [...this.records.values()].findLast((r) => r.personId === personId) ?? null;
  }
}

/** The PostgreSQL directory's rules without a database (directory conformance suite): roles sorted, the list by name, a Teams or HPR id clash refuses the batch. */
export class MemoryDirectory implements Directory {
  readonly people = new Map<string, Person>();

  constructor(people: readonly PersonInput[] = []) {
    void this.upsert(people);
  }

  async upsert(people: readonly PersonInput[]): Promise<{ created: number; updated: number }> {
    const next = new Map(this.people);
    let created = 0;
    let updated = 0;
    for (const p of people) {
      if (next.has(p.id)) updated += 1;
      else created += 1;
      next.set(p.id, {
        // One id per organisation name, as the PostgreSQL directory gives.
        organizationId: `org:${p.organization}`,
        aadObjectId: null,
        hprNumber: null,
        specialty: null,
        phone: null,
        email: null,
        ...p,
        roles: [...p.roles].sort(),
      });
    }
    for (const key of ['aadObjectId', 'hprNumber'] as const) {
      const taken = [...next.values()].flatMap((x) => (x[key] === null ? [] : [x[key]]));
      if (new Set(taken).size !== taken.length) throw new DomainError('conflict', 'aadObjectId or hprNumber already belongs to another person');
    }
    for (const [id, person] of next) this.people.set(id, person);
    return { created, updated };
  }

  async byId(id: string): Promise<Person | null> {
    return this.people.get(id) ?? null;
  }

  async byAadObjectId(aadObjectId: string): Promise<Person | null> {
    return [...this.people.values()].find((p) => p.aadObjectId === aadObjectId) ?? null;
  }

  async list(): Promise<Person[]> {
    return [...this.people.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly obj: Record<string, unknown>;
  readonly msg: string | undefined;
}

/** Keeps every log line so tests can assert what was (not) logged. */
export class RecordingLogger {
  readonly entries: LogEntry[] = [];
  debug(obj: object, msg?: string): void {
    this.entries.push({ level: 'debug', obj: obj as Record<string, unknown>, msg });
  }
  info(obj: object, msg?: string): void {
    this.entries.push({ level: 'info', obj: obj as Record<string, unknown>, msg });
  }
  warn(obj: object, msg?: string): void {
    this.entries.push({ level: 'warn', obj: obj as Record<string, unknown>, msg });
  }
  error(obj: object, msg?: string): void {
    this.entries.push({ level: 'error', obj: obj as Record<string, unknown>, msg });
  }
  events(): unknown[] {
    return this.entries.map((e) => e.obj.event);
  }
  text(): string {
    return JSON.stringify(this.entries);
  }
}
