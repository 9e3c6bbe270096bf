/**
 * Caches identity lookups for a few seconds: every authenticated request maps a token's
 * `oid` to a person, and the directory changes rarely. An upsert through this process clears
 * the cache at once; a change made by another process is seen within `ttlMs`.
 */
import type { Directory, Person, PersonInput } from '../core/ports';

/** How long a looked-up person is trusted. @defaultValue 10000 */
export const DIRECTORY_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export class CachingDirectory implements Directory {
  private readonly entries = new Map<string, { person: Person | null; expiresAt: number }>();

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
    }
  }

  byId(id: string): Promise<Person | null> {
    return this.cached(`id:${id}`, () => this.inner.byId(id));
  }

  byAadObjectId(aadObjectId: string): Promise<Person | null> {
    return this.cached(`oid:${aadObjectId}`, () => this.inner.byAadObjectId(aadObjectId));
  }

  list(): Promise<Person[]> {
    return this.inner.list();
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
