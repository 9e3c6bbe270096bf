/**
 * In-memory consultation store for bot tests: the same overlap rule as the PostgreSQL store,
 * without a database. The conformance suite (conformance/consultation-store.ts) runs against
 * both for what this twin implements; rescheduling and reminders it does not.
 */
import type {
  BusyIntervals,
  CancelOutcome,
  ConsultationRecord,
  ConsultationStore,
  ConsultationSummaryRecord,
  CreateOutcome,
  ListQuery,
  NewConsultation,
  RemovedParticipant,
  StoredReminder,
  UpdateOutcome,
} from '../../server/src/core/consultations/store';

export class MemoryConsultationStore implements ConsultationStore {
  readonly records = new Map<string, ConsultationRecord>();

  /** `organizationOf`: a booker's organisation id, for lists limited to one organisation's bookings. */
  constructor(private readonly organizationOf: (personId: string) => string | null = () => null) {}

  async create(c: NewConsultation): Promise<CreateOutcome> {
    const ids = new Set(c.participants.flatMap((p) => (p.personId ? [p.personId] : [])));
    const busy = [...this.records.values()]
      .filter((r) => r.status === 'scheduled' && r.startsAt < c.endsAt && r.endsAt > c.startsAt)
      .flatMap((r) => r.participants.flatMap((p) => (p.personId && ids.has(p.personId) ? [p.personId] : [])));
    if (busy.length > 0) return { ok: false, reason: 'conflict', busyPersonIds: [...new Set(busy)] };
    this.records.set(c.id, { ...c, status: 'scheduled', sequence: 0 });
    return { ok: true };
  }

  async byId(id: string): Promise<ConsultationRecord | null> {
    return this.records.get(id) ?? null;
  }

  async cancel(id: string): Promise<CancelOutcome> {
    const record = this.records.get(id);
    if (!record) return { ok: false, reason: 'not_found' };
    // Already cancelled: unchanged, as the port says.
    if (record.status === 'cancelled') return { ok: true, record, cancelledJobIds: [] };
    const cancelled = { ...record, status: 'cancelled' as const, sequence: record.sequence + 1, reminders: [] };
    this.records.set(id, cancelled);
    return { ok: true, record: cancelled, cancelledJobIds: [] };
  }

  /** Rescheduling is not what the bot tests exercise; the PostgreSQL store has its own tests. */
  async update(): Promise<UpdateOutcome> {
    return { ok: false, reason: 'not_found' };
  }

  async reminderById(): Promise<StoredReminder | null> {
    return null;
  }

  /** New links are not what these tests exercise; the PostgreSQL store has its own tests. */
  async resendGuestLink(consultationId: string): Promise<boolean> {
    return this.records.get(consultationId)?.status === 'scheduled';
  }

  /** Nobody is removed, as update is not exercised here. */
  async removedAt(): Promise<RemovedParticipant[]> {
    return [];
  }

  async busyIntervals(personIds: readonly string[], from: Date, to: Date): Promise<BusyIntervals> {
    const scheduled = [...this.records.values()].filter((r) => r.status === 'scheduled' && r.startsAt < to && r.endsAt > from);
    return new Map(
      personIds.map((id) => [id, scheduled.filter((r) => r.participants.some((p) => p.personId === id)).map((r) => ({ start: r.startsAt, end: r.endsAt }))]),
    );
  }

  async list(q: ListQuery): Promise<ConsultationSummaryRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.startsAt < q.to && r.endsAt > q.from)
      .filter((r) => q.personId === null || r.createdBy === q.personId || r.participants.some((p) => p.personId === q.personId))
      .filter((r) => q.bookedInOrganizationId === null || this.organizationOf(r.createdBy) === q.bookedInOrganizationId)
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
