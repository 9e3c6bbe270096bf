/**
 * What every Directory does, run against the in-memory directory (bot tests) and the
 * PostgreSQL one: upsert counts, read-back with sorted roles and absent fields as null, the
 * list by name, and a Teams id clash refusing the whole batch. Each test uses its own ids.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Directory } from '../../../server/src/core/ports';
import { expectDomainError } from '../expect-domain-error';
import { type Closable, describeSubject } from './subject';

export interface DirectorySubject extends Closable {
  readonly directory: Directory;
}

export function describeDirectory(kind: string, open: () => Promise<DirectorySubject>): void {
  describeSubject(`Directory conformance: ${kind}`, open, (current) => {
    const fresh = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

    it('upsert counts created and updated; a person reads back by id and Teams id with sorted roles and absent fields null', async () => {
      const id = fresh('gp');
      const oid = randomUUID();
      expect(await current().directory.upsert([{ id, name: 'Kari Lege', roles: ['legevakt', 'gp'], organization: 'Lier legevakt', aadObjectId: oid }])).toEqual(
        { created: 1, updated: 0 },
      );
      const expected = {
        id,
        name: 'Kari Lege',
        roles: ['gp', 'legevakt'],
        organization: 'Lier legevakt',
        organizationId: expect.any(String),
        aadObjectId: oid,
        hprNumber: null,
        specialty: null,
        phone: null,
        email: null,
      };
      const read = await current().directory.byId(id);
      expect(read).toEqual(expected);
      expect(await current().directory.byAadObjectId(oid)).toEqual(read);
      expect(
        await current().directory.upsert([{ id, name: 'Kari Lege', roles: ['gp'], organization: 'Lier legesenter', specialty: 'allmennmedisin' }]),
      ).toEqual({ created: 0, updated: 1 });
      const moved = await current().directory.byId(id);
      expect(moved).toEqual({ ...expected, roles: ['gp'], organization: 'Lier legesenter', aadObjectId: null, specialty: 'allmennmedisin' });
      expect(moved!.organizationId).not.toBe(read!.organizationId);
    });

    it('an unknown id or Teams id reads as null', async () => {
      expect(await current().directory.byId(fresh('nobody'))).toBeNull();
      expect(await current().directory.byAadObjectId(randomUUID())).toBeNull();
    });

    it('the list holds everyone, by name', async () => {
      const ids = [fresh('c'), fresh('a'), fresh('b')];
      await current().directory.upsert(
        ids.map((id, i) => ({ id, name: `Navn ${['Olsen', 'Aas', 'Berg'][i]} ${id}`, roles: ['gp'], organization: 'Lier legesenter' })),
      );
      const listed = (await current().directory.list()).filter((p) => ids.includes(p.id)).map((p) => p.id);
      expect(listed).toEqual([ids[1], ids[2], ids[0]]);
    });

    it('a Teams id that belongs to someone else refuses the whole batch as a conflict', async () => {
      const oid = randomUUID();
      const owner = fresh('owner');
      const newcomer = fresh('new');
      await current().directory.upsert([{ id: owner, name: 'A', roles: ['gp'], organization: 'O', aadObjectId: oid }]);
      await expectDomainError(
        current().directory.upsert([
          { id: newcomer, name: 'Ny', roles: ['gp'], organization: 'O' },
          { id: fresh('clash'), name: 'B', roles: ['gp'], organization: 'O', aadObjectId: oid },
        ]),
        'conflict',
      );
      expect(await current().directory.byId(newcomer)).toBeNull();
      expect((await current().directory.byAadObjectId(oid))?.id).toBe(owner);
    });
  });
}
