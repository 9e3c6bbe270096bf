/**
 * What every AuditLog does, run against the in-memory log (unit and bot tests) and the
 * PostgreSQL one, so the twin keeps the real log's order, fields and range rule. Each test
 * writes about its own patient, so the tests run in any order on one log.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { AuditEventInput, AuditLog } from '../../../server/src/core/ports';
import { type Closable, describeSubject } from './subject';

export interface AuditLogSubject extends Closable {
  readonly log: AuditLog;
}

const HOUR_MS = 3_600_000;

export function describeAuditLog(kind: string, open: () => Promise<AuditLogSubject>): void {
  describeSubject(`AuditLog conformance: ${kind}`, open, (current) => {
    const event = (patientId: string, over: Partial<AuditEventInput> = {}): AuditEventInput => ({
      actorId: 'system:conformance',
      action: 'consultation.read',
      patientId,
      resourceType: 'consultation',
      resourceId: randomUUID(),
      outcome: 'allowed',
      ...over,
    });

    it('reads back one patient’s events in the order recorded, absent reason and request id as null, an unknown actor’s name as null', async () => {
      const patient = randomUUID();
      const first = event(patient, { requestId: 'req-1' });
      const second = event(patient, { action: 'consultation.cancel', outcome: 'denied', reason: 'forbidden' });
      await current().log.record(first);
      await current().log.record(event(randomUUID()));
      await current().log.record(second);
      const read = await current().log.forPatient(patient, {});
      expect(read).toEqual([
        { ...first, reason: null, id: expect.any(String), at: expect.any(Date), actorName: null },
        { ...second, requestId: null, id: expect.any(String), at: expect.any(Date), actorName: null },
      ]);
      expect(read[0]!.id).not.toBe(read[1]!.id);
      expect(read[0]!.at.getTime()).toBeLessThanOrEqual(read[1]!.at.getTime());
    });

    it('a time range keeps the events recorded within it', async () => {
      const patient = randomUUID();
      await current().log.record(event(patient));
      const now = Date.now();
      expect(await current().log.forPatient(patient, { from: new Date(now - HOUR_MS), to: new Date(now + HOUR_MS) })).toHaveLength(1);
      expect(await current().log.forPatient(patient, { from: new Date(now + HOUR_MS) })).toEqual([]);
      expect(await current().log.forPatient(patient, { to: new Date(now - HOUR_MS) })).toEqual([]);
    });

    it('a patient nobody looked at has an empty log', async () => {
      expect(await current().log.forPatient(randomUUID(), {})).toEqual([]);
    });
  });
}
