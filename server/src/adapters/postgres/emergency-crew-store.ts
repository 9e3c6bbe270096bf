/**
 * Ambulance crew links in PostgreSQL. The phone number lives only in `emergency_crew_links`;
 * the SMS job on the outbox carries `{callId, linkId}`. Link and browser-session tokens are
 * stored as SHA-256 hashes; the link operations the SMS links share are in personal-links.ts.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { CrewLinkLookup, CrewLinkRecord, EmergencyCrewStore } from '../../core/emergency/crew';
import type { OutboxJob, OutboxRelay } from '../queue/outbox';
import type { Db } from './db';
import { SmsLinkRows, hashLinkToken, liveSession, smsLinkKind } from './personal-links';
import { emergencyCalls, emergencyCrewLinks } from './schema';
import { QUEUES } from '../queue/registry';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** BullMQ priority 1: the crew is on its way to the patient. */
const SMS_PRIORITY = 1;

export function crewSmsJob(callId: string, linkId: string): OutboxJob {
  return { queue: QUEUES.emergencyCrewSms, name: 'send-crew-link', payload: { callId, linkId }, priority: SMS_PRIORITY };
}

type Row = typeof emergencyCrewLinks.$inferSelect;

export class PostgresEmergencyCrewStore implements EmergencyCrewStore {
  private readonly links: SmsLinkRows<typeof emergencyCrewLinks>;

  constructor(private readonly o: { readonly db: Db; readonly relay: Pick<OutboxRelay, 'transaction'> }) {
    this.links = new SmsLinkRows(o.db, emergencyCrewLinks);
  }

  async add(link: { id: string; callId: string; phone: string; invitedBy: string; createdAt: Date; expiresAt: Date }): Promise<void> {
    await this.o.relay.transaction(async (tx, enqueue) => {
      // The call's row lock puts two sends to one number in line (a double click), so the later supersedes the earlier.
      await tx.select({ id: emergencyCalls.id }).from(emergencyCalls).where(eq(emergencyCalls.id, link.callId)).for('no key update');
      await tx
        .update(emergencyCrewLinks)
        .set({ supersededAt: link.createdAt })
        .where(and(eq(emergencyCrewLinks.callId, link.callId), eq(emergencyCrewLinks.phone, link.phone), isNull(emergencyCrewLinks.supersededAt)));
      await tx.insert(emergencyCrewLinks).values(link);
      await enqueue(crewSmsJob(link.callId, link.id));
    });
  }

  async forCall(callId: string): Promise<CrewLinkRecord[]> {
    if (!UUID.test(callId)) return [];
    const rows = await this.o.db.select().from(emergencyCrewLinks).where(eq(emergencyCrewLinks.callId, callId)).orderBy(asc(emergencyCrewLinks.createdAt));
    return rows.map(toRecord);
  }

  async linkToSend(linkId: string) {
    if (!UUID.test(linkId)) return null;
    const [row] = await this.o.db
      .select({
        callId: emergencyCrewLinks.callId,
        phone: emergencyCrewLinks.phone,
        expiresAt: emergencyCrewLinks.expiresAt,
        sentAt: emergencyCrewLinks.sentAt,
        supersededAt: emergencyCrewLinks.supersededAt,
      })
      .from(emergencyCrewLinks)
      .where(eq(emergencyCrewLinks.id, linkId));
    if (!row) return null;
    const { supersededAt, ...rest } = row;
    return { ...rest, superseded: supersededAt !== null };
  }

  setLinkToken(linkId: string, token: string): Promise<void> {
    return this.links.setToken(linkId, token);
  }

  /** Sent: a failure recorded by an earlier attempt no longer holds. */
  async markLinkSent(linkId: string, at: Date): Promise<void> {
    await this.o.db.update(emergencyCrewLinks).set({ sentAt: at, failedAt: null }).where(eq(emergencyCrewLinks.id, linkId));
  }

  async markLinkFailed(linkId: string, at: Date): Promise<void> {
    await this.o.db
      .update(emergencyCrewLinks)
      .set({ failedAt: at })
      .where(and(eq(emergencyCrewLinks.id, linkId), isNull(emergencyCrewLinks.sentAt)));
  }

  async lookupLink(token: string, now: Date): Promise<CrewLinkLookup> {
    const row = await this.links.find(token, emergencyCrewLinks.callId);
    return row ? { kind: smsLinkKind(row, now), callId: row.owner, linkId: row.linkId } : { kind: 'unknown' };
  }

  async exchange(linkId: string, sessionToken: string, now: Date, sessionExpiresAt: Date): Promise<boolean> {
    return (await this.links.claim(this.o.db, linkId, now, emergencyCrewLinks.id, { sessionHash: hashLinkToken(sessionToken), sessionExpiresAt })) !== null;
  }

  async bySessionToken(sessionToken: string, now: Date) {
    const [row] = await this.o.db
      .select({ linkId: emergencyCrewLinks.id, callId: emergencyCrewLinks.callId, sessionExpiresAt: emergencyCrewLinks.sessionExpiresAt })
      .from(emergencyCrewLinks)
      .where(liveSession(emergencyCrewLinks.sessionHash, emergencyCrewLinks.sessionExpiresAt, sessionToken, now));
    return row?.sessionExpiresAt ? { linkId: row.linkId, callId: row.callId, sessionExpiresAt: row.sessionExpiresAt } : null;
  }

  async markJoined(linkId: string, at: Date): Promise<void> {
    await this.o.db
      .update(emergencyCrewLinks)
      .set({ joinedAt: at })
      .where(and(eq(emergencyCrewLinks.id, linkId), isNull(emergencyCrewLinks.joinedAt)));
  }
}

function toRecord(row: Row): CrewLinkRecord {
  return {
    id: row.id,
    callId: row.callId,
    phoneLast3: row.phone.slice(-3),
    invitedBy: row.invitedBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    sentAt: row.sentAt,
    failedAt: row.failedAt,
    exchangedAt: row.exchangedAt,
    joinedAt: row.joinedAt,
  };
}
