import { describe, expect, it } from 'vitest';
import { CachingDirectory } from '../../server/src/adapters/caching-directory';
import type { Directory, Person } from '../../server/src/core/ports';

const kari: Person = {
  id: 'gp-1',
  name: 'Kari',
  roles: ['gp'],
  organization: 'Lier',
  organizationId: 'org-lier',
  aadObjectId: 'oid-1',
  hprNumber: null,
  specialty: null,
  phone: null,
  email: null,
};

function countingDirectory(person: Person) {
  const calls = { byOid: 0, list: 0 };
  let current: Person = person;
  const inner: Directory = {
    upsert: async (people) => {
      current = { ...current, ...people[0]! } as Person;
      return { created: 0, updated: 1 };
    },
    byId: async () => current,
    byAadObjectId: async () => {
      calls.byOid += 1;
      return current;
    },
    list: async () => {
      calls.list += 1;
      return [current];
    },
  };
  return { inner, calls };
}

describe('CachingDirectory', () => {
  it('answers repeated identity lookups from the cache until the ttl runs out', async () => {
    let now = 0;
    const { inner, calls } = countingDirectory(kari);
    const cache = new CachingDirectory(inner, 10_000, () => now);
    await cache.byAadObjectId('oid-1');
    await cache.byAadObjectId('oid-1');
    expect(calls.byOid).toBe(1);
    now = 10_001;
    await cache.byAadObjectId('oid-1');
    expect(calls.byOid).toBe(2);
  });

  it('forgets everything when the directory is changed through it, so a revoked role ends at once', async () => {
    const { inner, calls } = countingDirectory(kari);
    const cache = new CachingDirectory(inner, 60_000, () => 0);
    expect((await cache.byAadObjectId('oid-1'))?.roles).toEqual(['gp']);
    await cache.upsert([{ ...kari, roles: ['municipality'] }]);
    expect((await cache.byAadObjectId('oid-1'))?.roles).toEqual(['municipality']);
    expect(calls.byOid).toBe(2);
  });

  it('answers the list from the cache until the ttl runs out or a change goes through it', async () => {
    let now = 0;
    const { inner, calls } = countingDirectory(kari);
    const cache = new CachingDirectory(inner, 10_000, () => now);
    const [first, second] = await Promise.all([cache.list(), cache.list()]);
    expect(calls.list).toBe(1);
    // Each caller gets its own array: emptying one leaves the cached list whole.
    first!.length = 0;
    expect(second).toEqual([kari]);
    expect(await cache.list()).toEqual([kari]);
    expect(calls.list).toBe(1);
    await cache.upsert([{ ...kari, name: 'Kari Nordmann' }]);
    expect((await cache.list()).map((p) => p.name)).toEqual(['Kari Nordmann']);
    expect(calls.list).toBe(2);
    now = 10_001;
    await cache.list();
    expect(calls.list).toBe(3);
  });
});
