/**
 * Emergency calls in PostgreSQL. The call and its ring and escalation jobs are written in one
 * transaction through the outbox, and so is an escalation with the job that closes the call if
 * nobody answers; accepting is one conditional UPDATE, so of any number of operators accepting
 * at once exactly one row update succeeds.
 */
import { and, asc, eq, gte, isNull, lt, ne, sql } from 'drizzle-orm';
import type { EmergencyOutcome, InviteDelivery, Isbar, PartialVitals } from '../../contracts/emergency';
import type {
  AcceptOutcome,
  CallTimes,
  EmergencyCallJob,
  EmergencyCallRecord,
  EmergencyCallStore,
  InviteRecord,
  NewEmergencyCall,
} from '../../core/emergency/store';
import type { OutboxJob, OutboxRelay } from '../queue/outbox';
import { QUEUES } from '../queue/registry';
import type { Db } from './db';
import { emergencyCallInvites, emergencyCalls } from './schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** BullMQ priority 1 (the most urgent): a ring must not wait behind reminders. */
const RING_PRIORITY = 1;

export const EMERGENCY_JOBS = { ring: 'ring', escalate: 'escalate', update: 'update', invite: 'invite', closeUnanswered: 'close-unanswered' } as const;

/** On the ring queue: replace the cards a call sent, now that it was answered or ended. */
export function updateCardsJob(data: EmergencyCallJob): OutboxJob {
  return { queue: QUEUES.emergencyRing, name: EMERGENCY_JOBS.update, payload: { callId: data.callId }, priority: RING_PRIORITY };
}

export function ringJob(data: EmergencyCallJob): OutboxJob {
  return { queue: QUEUES.emergencyRing, name: EMERGENCY_JOBS.ring, payload: { callId: data.callId }, priority: RING_PRIORITY };
}

export function escalateJob(data: EmergencyCallJob, runAt: Date): OutboxJob {
  return { queue: QUEUES.emergencyEscalate, name: EMERGENCY_JOBS.escalate, payload: { callId: data.callId }, runAt, priority: RING_PRIORITY };
}

/** On the escalate queue: close the call at `runAt` if it still rings. */
export function closeUnansweredJob(data: EmergencyCallJob, runAt: Date): OutboxJob {
  return { queue: QUEUES.emergencyEscalate, name: EMERGENCY_JOBS.closeUnanswered, payload: { callId: data.callId }, runAt, priority: RING_PRIORITY };
}

export interface PostgresEmergencyCallStoreOptions {
  readonly db: Db;
  readonly relay: Pick<OutboxRelay, 'transaction'>;
}

type Row = typeof emergencyCalls.$inferSelect;

export class PostgresEmergencyCallStore implements EmergencyCallStore {
  constructor(private readonly o: PostgresEmergencyCallStoreOptions) {}

  async create(call: NewEmergencyCall, ringTimeoutSeconds: number): Promise<void> {
    await this.o.relay.transaction(async (tx, enqueue) => {
      await tx.insert(emergencyCalls).values({ ...call, status: 'ringing' });
      await enqueue(ringJob({ callId: call.id }));
      await enqueue(escalateJob({ callId: call.id }, new Date(call.requestedAt.getTime() + ringTimeoutSeconds * 1_000)));
    });
  }

  async invite(callId: string, personId: string, invitedBy: string, at: Date): Promise<boolean> {
    if (!UUID.test(callId)) return false;
    return this.o.relay.transaction(async (tx, enqueue) => {
      const added = await tx
        .insert(emergencyCallInvites)
        .values({ callId, personId, invitedBy, invitedAt: at })
        .onConflictDoNothing()
        .returning({ personId: emergencyCallInvites.personId });
      if (added.length === 0) return false;
      await enqueue({ queue: QUEUES.emergencyRing, name: EMERGENCY_JOBS.invite, payload: { callId, personId }, priority: RING_PRIORITY });
      return true;
    });
  }

  async isInvited(callId: string, personId: string): Promise<boolean> {
    if (!UUID.test(callId)) return false;
    const rows = await this.o.db
      .select({ personId: emergencyCallInvites.personId })
      .from(emergencyCallInvites)
      .where(and(eq(emergencyCallInvites.callId, callId), eq(emergencyCallInvites.personId, personId)));
    return rows.length > 0;
  }

  async invites(callId: string): Promise<InviteRecord[]> {
    if (!UUID.test(callId)) return [];
    return this.o.db
      .select({ personId: emergencyCallInvites.personId, invitedAt: emergencyCallInvites.invitedAt, delivery: emergencyCallInvites.delivery })
      .from(emergencyCallInvites)
      .where(eq(emergencyCallInvites.callId, callId))
      .orderBy(asc(emergencyCallInvites.invitedAt), asc(emergencyCallInvites.personId));
  }

  async setInviteDelivery(callId: string, personId: string, delivery: InviteDelivery): Promise<void> {
    // Delivered stays delivered: a late answer to an earlier attempt must not undo it.
    await this.o.db
      .update(emergencyCallInvites)
      .set({ delivery })
      .where(and(eq(emergencyCallInvites.callId, callId), eq(emergencyCallInvites.personId, personId), ne(emergencyCallInvites.delivery, 'delivered')));
  }

  async byId(id: string): Promise<EmergencyCallRecord | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.o.db.select().from(emergencyCalls).where(eq(emergencyCalls.id, id));
    return row ? toRecord(row) : null;
  }

  async active(since: Date): Promise<EmergencyCallRecord[]> {
    const rows = await this.o.db
      .select()
      .from(emergencyCalls)
      .where(and(ne(emergencyCalls.status, 'ended'), gte(emergencyCalls.requestedAt, since)))
      .orderBy(asc(emergencyCalls.requestedAt))
      .limit(500);
    return rows.map(toRecord);
  }

  async markFirstAlert(id: string, at: Date): Promise<EmergencyCallRecord | null> {
    if (!UUID.test(id)) return null;
    // One round trip when this is the first alert (the ring path); a re-run reads the call as it is.
    const [row] = await this.o.db
      .update(emergencyCalls)
      .set({ firstAlertAt: at })
      .where(and(eq(emergencyCalls.id, id), isNull(emergencyCalls.firstAlertAt)))
      .returning();
    return row ? toRecord(row) : this.byId(id);
  }

  async accept(id: string, personId: string, at: Date): Promise<AcceptOutcome> {
    if (!UUID.test(id)) return { ok: false, record: null };
    const won = await this.o.relay.transaction(async (tx, enqueue) => {
      const [row] = await tx
        .update(emergencyCalls)
        .set({ status: 'answered', answeredBy: personId, answeredAt: at })
        .where(and(eq(emergencyCalls.id, id), eq(emergencyCalls.status, 'ringing')))
        .returning();
      if (row) await enqueue(updateCardsJob({ callId: id }));
      return row;
    });
    if (won) return { ok: true, record: toRecord(won) };
    return { ok: false, record: await this.byId(id) };
  }

  async setRoom(id: string, roomName: string): Promise<EmergencyCallRecord | null> {
    const [row] = await this.o.db
      .update(emergencyCalls)
      .set({ roomName })
      .where(and(eq(emergencyCalls.id, id), isNull(emergencyCalls.roomName), ne(emergencyCalls.status, 'ended')))
      .returning();
    return row ? toRecord(row) : this.byId(id);
  }

  async markConnected(id: string, at: Date): Promise<EmergencyCallRecord | null> {
    const [row] = await this.o.db
      .update(emergencyCalls)
      .set({ status: 'connected', connectedAt: at })
      .where(and(eq(emergencyCalls.id, id), eq(emergencyCalls.status, 'answered')))
      .returning();
    return row ? toRecord(row) : this.byId(id);
  }

  async end(id: string, at: Date, outcome: EmergencyOutcome, endedBy: string | null, whileRinging = false): Promise<EmergencyCallRecord | null> {
    if (!UUID.test(id)) return null;
    const row = await this.o.relay.transaction(async (tx, enqueue) => {
      const [ended] = await tx
        .update(emergencyCalls)
        .set({ status: 'ended', endedAt: at, outcome, endedBy })
        .where(and(eq(emergencyCalls.id, id), whileRinging ? eq(emergencyCalls.status, 'ringing') : ne(emergencyCalls.status, 'ended')))
        .returning();
      if (ended) await enqueue(updateCardsJob({ callId: id }));
      return ended;
    });
    return row ? toRecord(row) : null;
  }

  async markEscalated(id: string, at: Date, closeAt: Date): Promise<EmergencyCallRecord | null> {
    if (!UUID.test(id)) return null;
    const row = await this.o.relay.transaction(async (tx, enqueue) => {
      const [escalated] = await tx
        .update(emergencyCalls)
        .set({ escalatedAt: at })
        .where(and(eq(emergencyCalls.id, id), eq(emergencyCalls.status, 'ringing'), isNull(emergencyCalls.escalatedAt)))
        .returning();
      if (escalated) await enqueue(closeUnansweredJob({ callId: id }, closeAt));
      return escalated;
    });
    return row ? toRecord(row) : null;
  }

  async timesBetween(from: Date, to: Date): Promise<CallTimes[]> {
    return this.o.db
      .select({
        requestedAt: emergencyCalls.requestedAt,
        answeredAt: emergencyCalls.answeredAt,
        escalatedAt: emergencyCalls.escalatedAt,
        outcome: emergencyCalls.outcome,
        endedByRequester: sql<boolean>`coalesce(${emergencyCalls.endedBy} = ${emergencyCalls.requestedBy}, false)`,
      })
      .from(emergencyCalls)
      .where(and(gte(emergencyCalls.requestedAt, from), lt(emergencyCalls.requestedAt, to)));
  }
}

function toRecord(row: Row): EmergencyCallRecord {
  return {
    ...row,
    isbar: (row.isbar as Isbar | null) ?? null,
    vitals: (row.vitals as PartialVitals | null) ?? null,
  };
}
