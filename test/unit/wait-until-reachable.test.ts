/**
 * Start-up with a dependency down waits and says so, and carries on once it answers; an error
 * that is not an outage is thrown at once.
 */
import { describe, expect, it } from 'vitest';
import { waitUntilReachable } from '../../server/src/adapters/wait-until-reachable';

function recorder() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    logger: {
      info: (obj: object, msg: string) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
      warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    },
  };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('waitUntilReachable', () => {
  it('retries an outage with a doubling, capped wait and a Norwegian/English line each time, then returns the value', async () => {
    const { lines, logger } = recorder();
    const slept: number[] = [];
    let calls = 0;
    const value = await waitUntilReachable({
      dependency: 'PostgreSQL',
      logger,
      attempt: async () => {
        if (++calls <= 4) throw refused();
        return 'migrated';
      },
      isOutage: () => true,
      firstDelayMs: 500,
      maxDelayMs: 2_000,
      sleep: async (ms) => void slept.push(ms),
    });
    expect(value).toBe('migrated');
    expect(slept).toEqual([500, 1_000, 2_000, 2_000]);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(4);
    expect(lines[0]!.msg).toBe('Venter på PostgreSQL: svarer ikke ennå, prøver igjen om 0.5 s / Waiting for PostgreSQL: not answering yet, retrying in 0.5 s');
    expect(lines[0]!.obj).toMatchObject({ dependency: 'PostgreSQL', attempt: 1, reason: 'connect ECONNREFUSED 127.0.0.1:5432' });
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'PostgreSQL svarer; fortsetter oppstarten / PostgreSQL is answering; start-up continues' });
  });

  it('says nothing when the dependency answers at once', async () => {
    const { lines, logger } = recorder();
    await waitUntilReachable({ dependency: 'Redis', logger, attempt: async () => undefined, isOutage: () => true });
    expect(lines).toEqual([]);
  });

  it('throws an error that is no outage at once, without waiting', async () => {
    const { lines, logger } = recorder();
    const slept: number[] = [];
    const wrongPassword = Object.assign(new Error('password authentication failed for user "samrom"'), { code: '28P01' });
    const attempt = waitUntilReachable({
      dependency: 'PostgreSQL',
      logger,
      attempt: async () => {
        throw wrongPassword;
      },
      isOutage: (err) => (err as { code?: string }).code === 'ECONNREFUSED',
      sleep: async (ms) => void slept.push(ms),
    });
    await expect(attempt).rejects.toBe(wrongPassword);
    expect(slept).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('names the first address of a host whose every address refused (an AggregateError without a message)', async () => {
    const { lines, logger } = recorder();
    let calls = 0;
    await waitUntilReachable({
      dependency: 'PostgreSQL',
      logger,
      attempt: async () => {
        if (++calls === 1) throw Object.assign(new AggregateError([refused(), new Error('connect ECONNREFUSED ::1:5432')], ''), { code: 'ECONNREFUSED' });
      },
      isOutage: () => true,
      sleep: async () => undefined,
    });
    expect(lines[0]!.obj.reason).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });
});
