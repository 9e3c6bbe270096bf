import { describe, expect, it } from 'vitest';
import { SaveSummarySchema, SUMMARY_MESSAGES } from '../../server/src/contracts/summary';
import type { VideoEvent } from '../../server/src/core/ports';
import { routeVideoEvents } from '../../server/src/core/video-events';
import { attendanceCsv, attendanceFileName, osloTimestamp } from '../../server/src/http/routes/after-meeting';

describe('attendance CSV', () => {
  it.each([
    ['2027-01-15T09:00:00Z', '2027-01-15 10:00:00 +01:00'],
    ['2027-07-15T09:00:00Z', '2027-07-15 11:00:00 +02:00'],
    // Fall back, 31 Oct 2027: 02:30 happens twice; the offset tells them apart.
    ['2027-10-31T00:30:00Z', '2027-10-31 02:30:00 +02:00'],
    ['2027-10-31T01:30:00Z', '2027-10-31 02:30:00 +01:00'],
  ])('%s is %s in Oslo', (iso, expected) => {
    expect(osloTimestamp(iso)).toBe(expected);
  });

  it('starts with a BOM, separates with semicolons and ends lines with CRLF, for Excel in Norway', () => {
    const csv = attendanceCsv(
      {
        consultationId: 'c',
        start: '2027-01-15T09:00:00Z',
        end: '2027-01-15T10:00:00Z',
        rows: [{ name: 'Åse; Øien', role: 'relative', joinedAt: '2027-01-15T09:00:00Z', leftAt: null, minutes: 12 }],
      },
      'nb',
    );
    expect(csv).toBe('\uFEFFNavn;Rolle;Inn;Ut;Minutter\r\n"Åse; Øien";Pårørende;2027-01-15 10:00:00 +01:00;;12\r\n');
  });

  it('names the file by the Oslo date of the meeting, never by its title', () => {
    expect(attendanceFileName({ consultationId: '1a2b3c4d-0000-4000-8000-000000000000', start: '2027-03-28T23:30:00Z', end: '', rows: [] })).toBe(
      'oppmote-2027-03-29-1a2b3c4d.csv',
    );
  });
});

describe('summary contract', () => {
  it('trims, fills missing ISBAR fields with empty text, defaults actions and turns an empty next meeting into null', () => {
    expect(SaveSummarySchema.parse({ isbar: { situation: '  Stabil  ' }, nextMeeting: '' })).toEqual({
      isbar: { identification: '', situation: 'Stabil', background: '', assessment: '', recommendation: '' },
      actions: [],
      nextMeeting: null,
    });
  });

  it('refuses a summary with no ISBAR text at all, in Norwegian first', () => {
    const result = SaveSummarySchema.safeParse({ isbar: {} });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(SUMMARY_MESSAGES.isbarEmpty);
    expect(SUMMARY_MESSAGES.isbarEmpty).toMatch(/^Skriv noe .* \/ Write something/);
  });
});

describe('routing video events by room owner', () => {
  const event: VideoEvent = { kind: 'room_finished', eventId: 'EV_1', roomName: 'r_x', at: new Date() };

  it('stops at the first handler that owns the room', async () => {
    const seen: string[] = [];
    const sink = routeVideoEvents(
      [
        { handle: async () => (seen.push('consultations'), 'not_mine') },
        { handle: async () => (seen.push('emergency'), 'handled') },
        { handle: async () => (seen.push('citizen'), 'handled') },
      ],
      { info: () => {}, warn: () => {} },
    );
    await sink.handle(event);
    expect(seen).toEqual(['consultations', 'emergency']);
  });

  it('logs a room nobody owns by event id and kind only', async () => {
    const logged: Record<string, unknown>[] = [];
    await routeVideoEvents([{ handle: async () => 'not_mine' }], { info: (f) => logged.push(f), warn: () => {} }).handle(event);
    expect(logged).toEqual([{ event: 'room_finished', eventId: 'EV_1' }]);
  });
});
