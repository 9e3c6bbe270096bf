/**
 * The one in-memory audit log for tests that run without a database. It keeps what
 * PostgresAuditLog promises (the conformance suite in audit-log-conformance.ts runs against
 * both): events in the order recorded, stamped with the clock, read back by patient and time
 * range with absent reason/request id as null. It has no directory, so `actorName` is null.
 */
import type { AuditEvent, AuditEventInput, AuditLog, Clock } from '../../server/src/core/ports';

export class MemoryAuditLog implements AuditLog {
  /** Every event as it was recorded, oldest first. */
  readonly events: AuditEventInput[] = [];
  private readonly stamps: Date[] = [];

  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  async record(event: AuditEventInput): Promise<void> {
    this.events.push(event);
    this.stamps.push(this.clock.now());
  }

  async forPatient(patientId: string, range: { from?: Date; to?: Date } = {}): Promise<AuditEvent[]> {
    return this.events
      .map((e, i) => ({ ...e, reason: e.reason ?? null, requestId: e.requestId ?? null, id: String(i + 1), at: this.stamps[i]!, actorName: null }))
      .filter((e) => e.patientId === patientId && (!range.from || e.at >= range.from) && (!range.to || e.at <= range.to))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id));
  }
}
