import { asc, eq, sql } from 'drizzle-orm';
import type { AuditEvent, AuditEventInput, AuditLog, AuditOutcome } from '../../core/ports';
import type { Db } from './db';
import { GroupWrite } from './group-write';
import { recordThroughOutage } from './pg-errors';
import { auditEvents, people } from './schema';

export class PostgresAuditLog implements AuditLog {
  // Prepared once: every audited request inserts, and the access log is read by patient.
  private readonly insert;
  private readonly byPatient;
  /** Events of concurrent requests are written together: one statement for all of them. */
  private readonly writes = new GroupWrite<AuditEventInput>((events) => this.write(events));

  constructor(private readonly db: Db) {
    this.insert = db
      .insert(auditEvents)
      .values({
        actorId: sql.placeholder('actorId'),
        action: sql.placeholder('action'),
        patientId: sql.placeholder('patientId'),
        resourceType: sql.placeholder('resourceType'),
        resourceId: sql.placeholder('resourceId'),
        outcome: sql.placeholder('outcome'),
        reason: sql.placeholder('reason'),
        requestId: sql.placeholder('requestId'),
      })
      .prepare('audit_insert');
    this.byPatient = db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        actorId: auditEvents.actorId,
        actorName: people.name,
        action: auditEvents.action,
        patientId: auditEvents.patientId,
        resourceType: auditEvents.resourceType,
        resourceId: auditEvents.resourceId,
        outcome: auditEvents.outcome,
        reason: auditEvents.reason,
        requestId: auditEvents.requestId,
      })
      .from(auditEvents)
      .leftJoin(people, eq(people.id, auditEvents.actorId))
      .where(
        sql`${auditEvents.patientId} = ${sql.placeholder('patientId')}
          and ${auditEvents.at} >= coalesce(${sql.placeholder('from')}::timestamptz, '-infinity')
          and ${auditEvents.at} <= coalesce(${sql.placeholder('to')}::timestamptz, 'infinity')`,
      )
      .orderBy(asc(auditEvents.at), asc(auditEvents.id))
      .prepare('audit_by_patient');
  }

  /**
   * Settles once the event is in the database. An `allowed` event follows work that is done (a
   * booking committed): it waits out a database outage rather than fail the request, which
   * would answer 503 for a change that was made and invite a retry that makes it twice.
   */
  record(e: AuditEventInput): Promise<void> {
    return e.outcome === 'allowed' ? recordThroughOutage(() => this.writes.add(e)) : this.writes.add(e);
  }

  private async write(events: readonly AuditEventInput[]): Promise<void> {
    const rows = events.map((e) => ({
      actorId: e.actorId,
      action: e.action,
      patientId: e.patientId,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      outcome: e.outcome,
      reason: e.reason ?? null,
      requestId: e.requestId ?? null,
    }));
    if (rows.length === 1) await this.insert.execute(rows[0]);
    else await this.db.insert(auditEvents).values(rows);
  }

  async forPatient(patientId: string, range: { from?: Date; to?: Date }): Promise<AuditEvent[]> {
    const rows = await this.byPatient.execute({
      patientId,
      from: range.from?.toISOString() ?? null,
      to: range.to?.toISOString() ?? null,
    });
    return rows.map((r) => ({ ...r, id: r.id.toString(), outcome: r.outcome as AuditOutcome }));
  }
}
