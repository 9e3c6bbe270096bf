/**
 * The roster store's read for one person (`mine vakter`): every specialty, only that person,
 * only shifts overlapping the period, by start. On PGlite and PostgreSQL alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDirectory } from '../../server/src/adapters/postgres/directory-store';
import { PostgresRosterStore } from '../../server/src/adapters/postgres/roster-store';
import { type TestDatabase, createTestDatabase } from '../helpers/db';

let database: TestDatabase;
let store: PostgresRosterStore;
const H = 3_600_000;
const T0 = new Date('2027-03-01T07:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * H);

beforeAll(async () => {
  database = await createTestDatabase();
  store = new PostgresRosterStore(database.db);
  await new PostgresDirectory(database.db).upsert(
    ['p-anne', 'p-bjorn'].map((id) => ({ id, name: `Dr ${id}`, roles: ['specialist'], organization: 'Drammen sykehus', aadObjectId: `aad-${id}` })),
  );
  const wide = { from: at(-48), to: at(24 * 30) };
  await store.replace(
    'kardiologi',
    wide,
    [
      { specialty: 'kardiologi', personId: 'p-anne', level: 1, startsAt: at(-20), endsAt: at(-10) }, // ended before the period
      { specialty: 'kardiologi', personId: 'p-anne', level: 2, startsAt: at(-4), endsAt: at(6) }, // running at its start
      { specialty: 'kardiologi', personId: 'p-bjorn', level: 1, startsAt: at(0), endsAt: at(10) }, // someone else
      { specialty: 'kardiologi', personId: 'p-anne', level: 1, startsAt: at(24 * 15), endsAt: at(24 * 15 + 8) }, // after it
    ],
    'ke',
  );
  await store.replace('nevrologi', wide, [{ specialty: 'nevrologi', personId: 'p-anne', level: 3, startsAt: at(48), endsAt: at(60) }], 'ke');
});
afterAll(async () => {
  await database?.destroy();
});

describe('PostgresRosterStore.listForPerson', () => {
  it("gives the person's shifts in every specialty that overlap the period, by start", async () => {
    const shifts = await store.listForPerson('p-anne', { from: at(0), to: at(24 * 14) });
    expect(shifts.map((s) => [s.specialty, s.level, s.startsAt.toISOString()])).toEqual([
      ['kardiologi', 2, at(-4).toISOString()],
      ['nevrologi', 3, at(48).toISOString()],
    ]);
    expect(shifts.every((s) => s.personId === 'p-anne')).toBe(true);
  });

  it('is empty for a person without shifts in the period', async () => {
    expect(await store.listForPerson('p-nobody', { from: at(0), to: at(24 * 14) })).toEqual([]);
  });
});
