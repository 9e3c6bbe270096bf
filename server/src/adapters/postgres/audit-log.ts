import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { AuditEvent, AuditEventInput, AuditLog, AuditOutcome } from '../../core/ports';
import type { Executor } from './db';
import { auditEvents } from './schema';

export class PostgresAuditLog implements AuditLog {
  constructor(private readonly db: Executor) {}

  async record(e: AuditEventInput): Promise<void> {
    await this.db.insert(auditEvents).values({
      actorId: e.actorId,
      action: e.action,
      patientId: e.patientId,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      outcome: e.outcome,
      reason: e.reason ?? null,
      requestId: e.requestId ?? null,
    });
  }

  async forPatient(patientId: string, range: { from?: Date; to?: Date }): Promise<AuditEvent[]> {
    const rows = await this.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.patientId, patientId),
          range.from ? gte(auditEvents.at, range.from) : undefined,
          range.to ? lte(auditEvents.at, range.to) : undefined,
        ),
      )
      .orderBy(asc(auditEvents.at), asc(auditEvents.id));
    return rows.map((r) => ({ ...r, id: r.id.toString(), outcome: r.outcome as AuditOutcome }));
  }
}
