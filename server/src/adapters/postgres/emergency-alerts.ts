/** The Teams cards each emergency call sent, in PostgreSQL (see `EmergencyAlertStore`). */
import { and, eq } from 'drizzle-orm';
import type { EmergencyCallStatus } from '../../contracts/emergency';
import type { AlertKind, EmergencyAlertStore, SentAlert } from '../../core/emergency/store';
import type { Executor } from './db';
import { recordThroughOutage } from './pg-errors';
import { emergencyCallAlerts } from './schema';

export class PostgresEmergencyAlerts implements EmergencyAlertStore {
  constructor(private readonly db: Executor) {}

  async wasSent(callId: string, personId: string, kind: AlertKind): Promise<boolean> {
    const rows = await this.db
      .select({ personId: emergencyCallAlerts.personId })
      .from(emergencyCallAlerts)
      .where(and(eq(emergencyCallAlerts.callId, callId), eq(emergencyCallAlerts.personId, personId), eq(emergencyCallAlerts.kind, kind)));
    return rows.length > 0;
  }

  /** Called after Teams accepted the card: waits out a database outage rather than lose the record (and ring twice). */
  async record(alert: Omit<SentAlert, 'shownStatus'>): Promise<void> {
    await recordThroughOutage(() => this.db.insert(emergencyCallAlerts).values(alert).onConflictDoNothing());
  }

  forCall(callId: string): Promise<SentAlert[]> {
    return this.db
      .select({
        callId: emergencyCallAlerts.callId,
        personId: emergencyCallAlerts.personId,
        kind: emergencyCallAlerts.kind,
        conversationId: emergencyCallAlerts.conversationId,
        activityId: emergencyCallAlerts.activityId,
        shownStatus: emergencyCallAlerts.shownStatus,
      })
      .from(emergencyCallAlerts)
      .where(eq(emergencyCallAlerts.callId, callId));
  }

  async markShown(alert: Pick<SentAlert, 'callId' | 'personId' | 'kind'>, status: EmergencyCallStatus): Promise<void> {
    await this.db
      .update(emergencyCallAlerts)
      .set({ shownStatus: status })
      .where(and(eq(emergencyCallAlerts.callId, alert.callId), eq(emergencyCallAlerts.personId, alert.personId), eq(emergencyCallAlerts.kind, alert.kind)));
  }
}
