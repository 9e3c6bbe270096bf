/**
 * Caches identity lookups and the whole list for a few seconds: every authenticated request
 * maps a token's `oid` to a person, the advice line reads the list on every request and ring,
 * and the directory changes rarely. An upsert through this process clears the cache at once;
 * a change made by another process is seen within `ttlMs`.
 */
import type { Directory, Person, PersonInput } from '../core/ports';

/** How long a looked-up person is trusted. @defaultValue 10000 */
export const DIRECTORY_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export class CachingDirectory implements Directory {
  private readonly entries = new Map<string, { person: Person | null; expiresAt: number }>();
  private everyone: { people: Promise<Person[]>; expiresAt: number } | undefined;

  constructor(
    private readonly inner: Directory,
    private readonly ttlMs = DIRECTORY_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async upsert(people: readonly PersonInput[]) {
    try {
      return await this.inner.upsert(people);
    } finally {
      this.entries.clear();
      this.everyone = undefined;
    }
  }

  byId(id: string): Promise<Person | null> {
    return this.cached(`id:${id}`, () => this.inner.byId(id));
  }

  byAadObjectId(aadObjectId: string): Promise<Person | null> {
    return this.cached(`oid:${aadObjectId}`, () => this.inner.byAadObjectId(aadObjectId));
  }

  /** A copy each time, so a caller that sorts or filters in place cannot change the cached list. */
  async list(): Promise<Person[]> {
    if (!this.everyone || this.everyone.expiresAt <= this.now()) {
      const loading = { people: this.inner.list(), expiresAt: this.now() + this.ttlMs };
      this.everyone = loading;
      // A failed load is not kept: the next call tries again.
      loading.people.catch(() => {
        if (this.everyone === loading) this.everyone = undefined;
      });
    }
    return [...(await this.everyone.people)];
  }

  private async cached(key: string, load: () => Promise<Person | null>): Promise<Person | null> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.person;
    const person = await load();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { person, expiresAt: this.now() + this.ttlMs });
    return person;
  }
}
