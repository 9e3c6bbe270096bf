import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  type InvitationInput,
  DEFAULT_INVITATION_SUMMARY,
  MAX_LINE_OCTETS,
  buildInvitation,
  consultationUid,
  foldLine,
  invitationContentType,
} from '../../server/src/core/consultations/icalendar';
import { fromOsloLocal, toOsloLocal } from '../../server/src/shared/oslo-time';
import { expectDomainError } from '../helpers/expect-domain-error';

const base: InvitationInput = {
  method: 'REQUEST',
  uid: consultationUid('c0ffee00-1234-4abc-8def-000000000001'),
  sequence: 0,
  start: new Date('2027-01-15T09:00:00Z'),
  end: new Date('2027-01-15T09:45:00Z'),
  summary: DEFAULT_INVITATION_SUMMARY,
  description: 'Bli med i videomøtet: https://samrom.example/j/abc123\nÅpne lenken i nettleseren.',
  url: 'https://samrom.example/j/abc123',
  organizer: { name: 'Samrom', email: 'samrom@helse.example' },
  attendee: { name: 'Kari Lege', email: 'kari.lege@helse.example' },
  now: new Date('2026-12-01T12:34:56Z'),
};

const invite = (over: Partial<InvitationInput> = {}) => buildInvitation({ ...base, ...over });

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent('vevent');
  const vtimezone = calendar.getFirstSubcomponent('vtimezone');
  if (!event || !vtimezone) throw new Error('missing VEVENT or VTIMEZONE');
  return { calendar, event, timezone: new ICAL.Timezone(vtimezone) };
}

/** The instant a date-time property names, converted with the file's own VTIMEZONE (ical.js ships no zone data). */
function instantOf(ics: string, name: 'dtstart' | 'dtend'): { instant: Date; tzid: string | undefined; local: string } {
  const { event, timezone } = parse(ics);
  const prop = event.getFirstProperty(name);
  if (!prop) throw new Error(`no ${name}`);
  const tzid = prop.getParameter('tzid') as string | undefined;
  const time = prop.getFirstValue() as ICAL.Time;
  const local = time.toString();
  if (tzid !== undefined) {
    expect(tzid).toBe(timezone.tzid);
    time.zone = timezone;
  }
  return { instant: time.toJSDate(), tzid, local };
}

describe('iCalendar invitation: structure', () => {
  it('is a REQUEST with a confirmed event, the given UID and SEQUENCE', () => {
    const { calendar, event } = parse(invite({ sequence: 3 }));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(event.getFirstPropertyValue('uid')).toBe('c0ffee00-1234-4abc-8def-000000000001@samrom');
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.getFirstPropertyValue('summary')).toBe('Tverrfaglig videomøte (Samrom)');
    expect(event.getFirstPropertyValue('location')).toBe('Video (Samrom)');
    expect(event.getFirstPropertyValue('url')).toBe('https://samrom.example/j/abc123');
    expect((event.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe('2026-12-01T12:34:56.000Z');
  });

  it('names the organizer and asks the attendee to respond', () => {
    const { event } = parse(invite());
    const organizer = event.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:samrom@helse.example');
    expect(organizer.getParameter('cn')).toBe('Samrom');
    const attendee = event.getFirstProperty('attendee')!;
    expect(attendee.getFirstValue()).toBe('mailto:kari.lege@helse.example');
    expect(attendee.getParameter('cn')).toBe('Kari Lege');
    expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
    expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(attendee.getParameter('rsvp')).toBe('TRUE');
  });

  it('keeps the UID stable across an update and carries the raised SEQUENCE', () => {
    const first = parse(invite({ sequence: 0 })).event;
    const moved = parse(invite({ sequence: 1, start: new Date('2027-01-16T09:00:00Z'), end: new Date('2027-01-16T10:00:00Z') })).event;
    expect(moved.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'));
    expect(moved.getFirstPropertyValue('sequence')).toBe(1);
  });

  it('a cancellation is METHOD:CANCEL with STATUS:CANCELLED and the same UID', () => {
    const ics = invite({ method: 'CANCEL', sequence: 2 });
    const { calendar, event } = parse(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
    expect(event.getFirstPropertyValue('uid')).toBe(base.uid);
    expect(event.getFirstProperty('attendee')!.getParameter('rsvp')).toBe('FALSE');
  });

  it('gives the MIME part a content type whose method matches the body', () => {
    expect(invitationContentType('REQUEST')).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(invitationContentType('CANCEL')).toBe('text/calendar; charset=utf-8; method=CANCEL');
  });

  it('ends every line, the last included, with CRLF and has no bare LF or CR', () => {
    const ics = invite();
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('iCalendar invitation: Europe/Oslo times round-trip through the VTIMEZONE', () => {
  it.each([
    ['winter', '2027-01-15T09:00:00Z', '2027-01-15T10:00:00'],
    ['summer', '2027-06-15T08:00:00Z', '2027-06-15T10:00:00'],
    ['the Monday after spring forward', '2027-03-29T08:00:00Z', '2027-03-29T10:00:00'],
    ['the fall-back day', '2026-10-25T09:00:00Z', '2026-10-25T10:00:00'],
    ['the Sunday of spring forward, after the gap', '2027-03-28T08:00:00Z', '2027-03-28T10:00:00'],
    ['the night before spring forward, just before the gap', '2027-03-28T00:59:00Z', '2027-03-28T01:59:00'],
    ['the fall-back night, just after the repeated hour', '2026-10-25T02:00:00Z', '2026-10-25T03:00:00'],
  ])('a meeting in %s is written as Oslo local time and names the right instant', (_case, utc, local) => {
    const start = new Date(utc);
    const ics = invite({ start, end: new Date(start.getTime() + 45 * 60_000) });
    const dtstart = instantOf(ics, 'dtstart');
    expect(dtstart.tzid).toBe('Europe/Oslo');
    expect(dtstart.local).toBe(local);
    expect(dtstart.instant.toISOString()).toBe(start.toISOString());
    expect(instantOf(ics, 'dtend').instant.getTime()).toBe(start.getTime() + 45 * 60_000);
  });

  it.each([
    ['first', '2026-10-25T00:30:00Z', 'DTSTART:20261025T003000Z'],
    ['second', '2026-10-25T01:30:00Z', 'DTSTART:20261025T013000Z'],
  ])('writes the %s pass through the fall-back hour (02:30 happens twice) in UTC, so no client guesses', (_pass, utc, line) => {
    const start = new Date(utc);
    const ics = invite({ start, end: new Date(start.getTime() + 2 * 3_600_000) });
    expect(ics).toContain(`${line}\r\n`);
    const dtstart = instantOf(ics, 'dtstart');
    expect(dtstart.tzid).toBeUndefined();
    expect(dtstart.instant.toISOString()).toBe(start.toISOString());
    expect(instantOf(ics, 'dtend').tzid).toBe('Europe/Oslo'); // two hours later is unambiguous
  });

  /*
   * The direction a calendar reads DTSTART: Oslo wall-clock time to instant. (ical.js's own
   * UTC-to-local conversion is an hour off in the hour after each change whatever the
   * VTIMEZONE says, so it is not the reference here.) Times in the repeated fall-back hour
   * are skipped because they are written in UTC.
   */
  it('the VTIMEZONE reads every Oslo wall-clock hour around the changes, 2026–2035, as the scheduling core does', () => {
    const { timezone } = parse(invite());
    const hour = 3_600_000;
    let checked = 0;
    for (let year = 2026; year <= 2035; year += 1) {
      for (const month of [2, 9]) {
        const from = Date.UTC(year, month, 24); // the last Sunday falls on the 25th–31st
        for (let ms = from; ms < from + 8 * 24 * hour; ms += hour) {
          const local = toOsloLocal(ms);
          if (fromOsloLocal(local).ambiguous) continue;
          const time = new ICAL.Time({ year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: 0 }, timezone);
          expect(time.toJSDate().toISOString(), new Date(ms).toISOString()).toBe(new Date(ms).toISOString());
          checked += 1;
        }
      }
    }
    expect(checked).toBe(10 * 2 * 8 * 24 - 10 * 2); // two instants in each repeated hour skipped
  });
});

describe('iCalendar invitation: text encoding', () => {
  const longDescription =
    'Hei! Du er invitert til et tverrfaglig videomøte i Samrom; møtet gjelder samarbeid om oppfølging, ' +
    'og lenken under er personlig – ikke del den med andre.\n' +
    'Bli med her: https://samrom.example/j/abc123?token=æøå-ÆØÅ-æøå-ÆØÅ-æøå-ÆØÅ-æøå-ÆØÅ-æøå-ÆØÅ-æøå\n' +
    'Åpne lenken i Edge, Chrome eller Safari. Trenger du hjelp, ring sentralbordet. Ha en fin dag 👍\\slutt';

  it('folds long lines at ≤75 octets without cutting a UTF-8 sequence, and unfolds to the original', () => {
    const ics = invite({ description: longDescription });
    const bytes = Buffer.from(ics, 'utf8');
    const strict = new TextDecoder('utf-8', { fatal: true });
    const physical = ics.split('\r\n').slice(0, -1);
    expect(physical.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(3);
    let offset = 0;
    for (const line of physical) {
      const length = Buffer.byteLength(line, 'utf8');
      expect(length, line).toBeLessThanOrEqual(MAX_LINE_OCTETS);
      expect(() => strict.decode(bytes.subarray(offset, offset + length)), line).not.toThrow();
      offset += length + 2;
    }
    expect(parse(ics).event.getFirstPropertyValue('description')).toBe(longDescription);
  });

  it('never folds inside a backslash escape', () => {
    // 12 + 62 = 74 octets; the two-octet escape would straddle the limit, so it moves whole.
    const folded = foldLine(`DESCRIPTION:${'a'.repeat(62)}\\,b`);
    expect(folded).toBe(`DESCRIPTION:${'a'.repeat(62)}\r\n \\,b`);
  });

  it('escapes commas, semicolons, backslashes and newlines in text', () => {
    const description = 'Møte; tverrfaglig, med lenke\\sti\r\nNy linje';
    const ics = invite({ description });
    expect(ics).toContain('DESCRIPTION;LANGUAGE=nb:Møte\\; tverrfaglig\\, med lenke\\\\sti\\nNy linje\r\n');
    expect(parse(ics).event.getFirstPropertyValue('description')).toBe('Møte; tverrfaglig, med lenke\\sti\nNy linje');
  });

  it('keeps a quote or line break in a display name from breaking out of the CN parameter', () => {
    const ics = invite({ attendee: { name: 'Kari "K"\r\nATTENDEE:mailto:x@y.z', email: 'kari.lege@helse.example' } });
    const attendees = parse(ics).event.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0]!.getFirstValue()).toBe('mailto:kari.lege@helse.example');
  });
});

describe('iCalendar invitation: privacy', () => {
  it('has no parameter for a patient name, national id or clinical text', () => {
    const accepted: ReadonlyArray<keyof InvitationInput> = [
      'method',
      'uid',
      'sequence',
      'start',
      'end',
      'summary',
      'description',
      'url',
      'organizer',
      'attendee',
      'now',
    ];
    expect(Object.keys(base).sort()).toEqual([...accepted].sort());
    // @ts-expect-error there is no field for a patient
    invite({ patientName: 'Ola Nordmann' });
    // @ts-expect-error there is no field for a national id
    invite({ nationalId: '01017012345' });
  });

  it('contains only what was passed: stray fields never reach the output', () => {
    const ics = buildInvitation({ ...base, patientName: 'Ola Nordmann', nationalId: '01017012345', note: 'KOLS' } as InvitationInput);
    expect(ics).not.toContain('Ola');
    expect(ics).not.toContain('01017012345');
    expect(ics).not.toMatch(/(?<!\d)\d{11}(?!\d)/); // the shape of a fødselsnummer
    expect(ics).not.toContain('KOLS');
    const { event } = parse(ics);
    const names = event
      .getAllProperties()
      .map((p) => p.name)
      .sort();
    expect(names).toEqual([
      'attendee',
      'description',
      'dtend',
      'dtstamp',
      'dtstart',
      'location',
      'organizer',
      'sequence',
      'status',
      'summary',
      'transp',
      'uid',
      'url',
    ]);
  });

  it('uses the generic title when none is given', () => {
    const { summary: _omitted, ...rest } = base;
    expect(parse(buildInvitation(rest)).event.getFirstPropertyValue('summary')).toBe('Tverrfaglig videomøte (Samrom)');
  });
});

describe('iCalendar invitation: refusals', () => {
  it.each<[string, Partial<InvitationInput>, string]>([
    ['a negative SEQUENCE', { sequence: -1 }, 'sequence'],
    ['a fractional SEQUENCE', { sequence: 1.5 }, 'sequence'],
    ['an end before the start', { end: new Date('2027-01-15T08:00:00Z') }, 'end'],
    ['an invalid start', { start: new Date('nope') }, 'start'],
    ['an empty UID', { uid: ' ' }, 'uid'],
    ['a UID with a line break', { uid: 'a\r\nb@samrom' }, 'uid'],
    ['an attendee address that is no address', { attendee: { name: 'X', email: 'x\r\nATTENDEE:y' } }, 'attendee.email'],
    ['a join link that is not http(s)', { url: 'javascript:alert(1)' }, 'url'],
  ])('refuses %s', (_case, over, path) => {
    expect(expectDomainError(() => invite(over), 'validation_failed').issues[0]?.path).toBe(path);
  });
});
