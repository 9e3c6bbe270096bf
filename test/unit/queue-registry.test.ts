/**
 * The queue registry's job payload schemas: well-formed job data comes back with opaque ids
 * only, and malformed data fails the job for good (`UnrecoverableError`, with the message each
 * worker's hand-written check used to give), since retrying cannot repair it.
 */
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { JOB_PAYLOADS, QUEUES } from '../../server/src/adapters/queue/registry';

const cases = [
  ['reminder', { reminderId: 'r1' }, { reminderId: 7 }, 'invalid reminder job data'],
  ['invitation', { consultationId: 'c1', sequence: 0 }, { consultationId: 'c1', sequence: '0' }, 'invalid invitation job data'],
  ['summaryShared', { consultationId: 'c1', version: 2 }, { consultationId: 'c1' }, 'summary-shared job lacks consultationId or version'],
  ['emergencyCall', { callId: 'k1' }, { callId: null }, 'invalid emergency job data'],
  ['emergencyInvite', { callId: 'k1', personId: 'p1' }, { callId: 'k1' }, 'invalid emergency job data'],
  ['advice', { requestId: 'a1', attempt: 0 }, { requestId: 'a1', attempt: -1 }, 'invalid advice job data'],
  [
    'gapAlert',
    { key: 'k', specialty: 'kardiologi', gapStart: 's', gapEnd: 'e' },
    { key: 'k', specialty: 'kardiologi', gapStart: 's' },
    'invalid gap alert job data',
  ],
  ['citizenVideoSms', { sessionId: 's1', linkId: 'l1' }, { sessionId: 's1' }, 'invalid citizen video job data'],
  ['emergencyCrewSms', { callId: 'k1', linkId: 'l1' }, { linkId: 'l1' }, 'invalid crew link job data'],
] as const;

describe('queue registry', () => {
  it.each(cases)('%s: good data passes; missing or mistyped fields fail the job for good', (kind, good, bad, message) => {
    const payload = JOB_PAYLOADS[kind];
    expect(payload.parse({ ...good, phone: '+4799999999' })).toEqual(good);
    for (const data of [bad, undefined, null, 'text']) {
      const failure = (() => {
        try {
          payload.parse(data);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(failure).toBeInstanceOf(UnrecoverableError);
      expect(failure).toMatchObject({ message });
    }
  });

  it('an advice attempt is a whole number', () => {
    expect(() => JOB_PAYLOADS.advice.parse({ requestId: 'a1', attempt: 1.5 })).toThrow(new UnrecoverableError('invalid advice job data'));
  });

  it('every queue has one distinct name', () => {
    const names = Object.values(QUEUES);
    expect(new Set(names).size).toBe(names.length);
  });
});
