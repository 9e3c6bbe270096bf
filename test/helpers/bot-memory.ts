/** In-memory ports and a recording logger for the bot and Teams notifier tests. */
import type { ConversationRecord, ConversationStore, Directory, Person, PersonInput } from '../../server/src/core/ports';

export class MemoryConversationStore implements ConversationStore {
  readonly records = new Map<string, ConversationRecord>();
  saves = 0;

  async save(record: ConversationRecord): Promise<void> {
    this.saves += 1;
    // Round-trip through JSON like a jsonb column would, so nothing relies on object identity.
    this.records.set(record.conversationId, JSON.parse(JSON.stringify(record)) as ConversationRecord);
  }

  async byConversationId(conversationId: string): Promise<ConversationRecord | null> {
    return this.records.get(conversationId) ?? null;
  }

  async personalFor(personId: string): Promise<ConversationRecord | null> {
    return [...this.records.values()].find((r) => r.personId === personId) ?? null;
  }
}

export class MemoryDirectory implements Directory {
  readonly people = new Map<string, Person>();

  constructor(people: readonly PersonInput[] = []) {
    void this.upsert(people);
  }

  async upsert(people: readonly PersonInput[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    let updated = 0;
    for (const p of people) {
      if (this.people.has(p.id)) updated += 1;
      else created += 1;
      this.people.set(p.id, {
        // One id per organisation name, as the PostgreSQL directory gives.
        organizationId: `org:${p.organization}`,
        aadObjectId: null,
        hprNumber: null,
        specialty: null,
        phone: null,
        email: null,
        ...p,
      });
    }
    return { created, updated };
  }

  async byId(id: string): Promise<Person | null> {
    return this.people.get(id) ?? null;
  }

  async byAadObjectId(aadObjectId: string): Promise<Person | null> {
    return [...this.people.values()].find((p) => p.aadObjectId === aadObjectId) ?? null;
  }

  async list(): Promise<Person[]> {
    return [...this.people.values()];
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
