/**
 * What every ConsultationStore does, as one suite run against the in-memory twin (bot tests)
 * and the PostgreSQL store (PGlite and PostgreSQL), so the twin cannot drift from the real
 * thing unnoticed. It covers what the twin implements: booking with the overlap rule, reading,
 * cancelling, busy intervals and lists. Rescheduling and reminders have PostgreSQL tests only.
 * Each test books its own people, so the tests need no fresh store and run in any order.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ConsultationStore, NewConsultation, ParticipantRecord } from '../../../server/src/core/consultations/store';
import type { PersonInput } from '../../../server/src/core/ports';
import { type Closable, describeSubject } from './subject';

export interface ConsultationStoreSubject extends Closable {
  readonly store: ConsultationStore;
  /** Makes directory people known before they are booked (PostgreSQL refers to them). */
  addPeople(people: readonly PersonInput[]): Promise<void>;
  /** The directory's organisation id of a person added. */
  organizationOf(personId: string): Promise<string>;
}

const HOUR_MS = 3_600_000;
const at = (hour: number) => new Date(Date.UTC(2031, 2, 10, hour));
const byId = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

export function describeConsultationStore(kind: string, open: () => Promise<ConsultationStoreSubject>): void {
  describeSubject(`ConsultationStore conformance: ${kind}`, open, (current) => {
    /** A GP, a specialist and a coordinator no other test books. */
    async function people() {
      const suffix = randomUUID().slice(0, 8);
      const [gp, specialist, coordinator] = (['gp', 'specialist', 'coordinator'] as const).map((role) => `${role}-${suffix}`);
      await current().addPeople([
        { id: gp!, name: 'Geir Fastlege', roles: ['gp'], organization: 'Lier legesenter' },
        { id: specialist!, name: 'Siri Spesialist', roles: ['specialist'], organization: 'Vestre Viken HF' },
        { id: coordinator!, name: 'Kari Koordinator', roles: ['coordinator'], organization: 'Drammen kommune' },
      ]);
      return { gp: gp!, specialist: specialist!, coordinator: coordinator! };
    }

    const participant = (role: ParticipantRecord['role'], personId: string | null, name: string): ParticipantRecord => ({
      id: randomUUID(),
      role,
      personId,
      name,
      phone: personId ? null : '+4791234567',
      email: null,
      consentedByPatient: false,
    });

    function booking(o: { people: readonly string[]; createdBy: string; startHour: number; hours?: number }): NewConsultation {
      const patientName = 'Per Pasient';
      return {
        id: randomUUID(),
        title: 'Oppfølging etter utskrivning',
        patient: { id: randomUUID(), name: patientName, phone: '+4791234567', email: null, nationalId: '15037500019' },
        startsAt: at(o.startHour),
        endsAt: new Date(at(o.startHour).getTime() + (o.hours ?? 1) * HOUR_MS),
        createdBy: o.createdBy,
        participants: [participant('patient', null, patientName), ...o.people.map((id) => participant('gp', id, `Dr ${id}`))],
        reminders: [],
      };
    }

    it('a booking reads back whole: scheduled at sequence 0 with its patient and participants', async () => {
      const p = await people();
      const c = booking({ people: [p.gp, p.specialist], createdBy: p.coordinator, startHour: 9 });
      expect(await current().store.create(c)).toEqual({ ok: true });
      const read = await current().store.byId(c.id);
      expect(read).toMatchObject({
        id: c.id,
        title: c.title,
        status: 'scheduled',
        sequence: 0,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        createdBy: p.coordinator,
        patient: c.patient,
        reminders: [],
      });
      expect(byId(read!.participants)).toEqual(byId(c.participants));
    });

    it('an unknown consultation reads as null and cannot be cancelled', async () => {
      const id = randomUUID();
      expect(await current().store.byId(id)).toBeNull();
      expect(await current().store.cancel(id, new Date())).toEqual({ ok: false, reason: 'not_found' });
    });

    it('a directory person already in an overlapping scheduled consultation is a conflict naming them, and nothing is saved', async () => {
      const p = await people();
      await current().store.create(booking({ people: [p.gp, p.specialist], createdBy: p.coordinator, startHour: 9, hours: 2 }));
      const clash = booking({ people: [p.specialist, p.coordinator], createdBy: p.coordinator, startHour: 10 });
      expect(await current().store.create(clash)).toEqual({ ok: false, reason: 'conflict', busyPersonIds: [p.specialist] });
      expect(await current().store.byId(clash.id)).toBeNull();
    });

    it('back-to-back consultations of the same person do not overlap', async () => {
      const p = await people();
      expect(await current().store.create(booking({ people: [p.gp], createdBy: p.coordinator, startHour: 9 }))).toEqual({ ok: true });
      expect(await current().store.create(booking({ people: [p.gp], createdBy: p.coordinator, startHour: 10 }))).toEqual({ ok: true });
      expect(await current().store.create(booking({ people: [p.gp], createdBy: p.coordinator, startHour: 8 }))).toEqual({ ok: true });
    });

    it('cancelling raises the sequence, drops the reminders and frees the people; cancelling again changes nothing', async () => {
      const p = await people();
      const c = booking({ people: [p.gp], createdBy: p.coordinator, startHour: 12 });
      await current().store.create(c);
      const cancelled = await current().store.cancel(c.id, new Date());
      expect(cancelled).toMatchObject({ ok: true, record: { id: c.id, status: 'cancelled', sequence: 1, reminders: [] }, cancelledJobIds: [] });
      expect(await current().store.byId(c.id)).toMatchObject({ status: 'cancelled', sequence: 1 });
      expect(await current().store.create(booking({ people: [p.gp], createdBy: p.coordinator, startHour: 12 }))).toEqual({ ok: true });
      expect(await current().store.cancel(c.id, new Date())).toMatchObject({ ok: true, record: { status: 'cancelled', sequence: 1 }, cancelledJobIds: [] });
    });

    it('busy intervals are each person’s scheduled consultations overlapping the window; a free person has none', async () => {
      const p = await people();
      const morning = booking({ people: [p.gp, p.specialist], createdBy: p.coordinator, startHour: 8 });
      const noon = booking({ people: [p.gp], createdBy: p.coordinator, startHour: 12 });
      const cancelled = booking({ people: [p.specialist], createdBy: p.coordinator, startHour: 14 });
      const evening = booking({ people: [p.gp], createdBy: p.coordinator, startHour: 20 });
      for (const c of [morning, noon, cancelled, evening]) await current().store.create(c);
      await current().store.cancel(cancelled.id, new Date());
      const busy = await current().store.busyIntervals([p.gp, p.specialist, p.coordinator], at(8), at(16));
      const sorted = (id: string) => [...(busy.get(id) ?? [])].sort((a, b) => a.start.getTime() - b.start.getTime());
      expect(sorted(p.gp)).toEqual([
        { start: morning.startsAt, end: morning.endsAt },
        { start: noon.startsAt, end: noon.endsAt },
      ]);
      expect(sorted(p.specialist)).toEqual([{ start: morning.startsAt, end: morning.endsAt }]);
      expect(busy.get(p.coordinator)).toEqual([]);
    });

    it('a list holds the consultations overlapping the window by start then id, cancelled ones too; for a person, only those they are in or booked', async () => {
      const p = await people();
      const mine = booking({ people: [p.gp], createdBy: p.coordinator, startHour: 9 });
      const alsoNine = booking({ people: [p.specialist], createdBy: p.specialist, startHour: 9 });
      const bookedByMe = booking({ people: [p.specialist], createdBy: p.gp, startHour: 11 });
      const later = booking({ people: [p.gp], createdBy: p.coordinator, startHour: 13 });
      for (const c of [later, alsoNine, bookedByMe, mine]) await current().store.create(c);
      await current().store.cancel(later.id, new Date());
      const ours = new Set([mine.id, alsoNine.id, bookedByMe.id, later.id]);
      const listed = async (personId: string | null) =>
        (await current().store.list({ from: at(9), to: at(14), personId, bookedInOrganizationId: null })).filter((c) => ours.has(c.id)).map((c) => c.id);
      const nine = [mine.id, alsoNine.id].sort();
      expect(await listed(null)).toEqual([...nine, bookedByMe.id, later.id]);
      expect(await listed(p.gp)).toEqual([mine.id, bookedByMe.id, later.id]);
      expect(await listed(p.specialist)).toEqual([alsoNine.id, bookedByMe.id]);
      const [summary] = await current().store.list({ from: at(13), to: at(14), personId: p.gp, bookedInOrganizationId: null });
      expect(summary).toMatchObject({ id: later.id, status: 'cancelled', patient: later.patient, createdBy: p.coordinator });
      expect((await current().store.list({ from: at(14), to: at(15), personId: p.gp, bookedInOrganizationId: null })).filter((c) => ours.has(c.id))).toEqual(
        [],
      );
    });

    it('with an organisation, a list holds only the consultations booked by its people', async () => {
      const p = await people();
      const byCoordinator = booking({ people: [p.gp], createdBy: p.coordinator, startHour: 15 });
      const byGp = booking({ people: [p.specialist], createdBy: p.gp, startHour: 15 });
      for (const c of [byCoordinator, byGp]) await current().store.create(c);
      const ours = new Set([byCoordinator.id, byGp.id]);
      const listed = async (personId: string) => {
        const bookedInOrganizationId = await current().organizationOf(personId);
        return (await current().store.list({ from: at(15), to: at(16), personId: null, bookedInOrganizationId }))
          .filter((c) => ours.has(c.id))
          .map((c) => c.id);
      };
      expect(await listed(p.coordinator)).toEqual([byCoordinator.id]);
      expect(await listed(p.gp)).toEqual([byGp.id]);
      expect(await listed(p.specialist)).toEqual([]);
    });
  });
}
