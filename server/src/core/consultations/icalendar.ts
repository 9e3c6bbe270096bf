/**
 * The iCalendar invitation sent with a consultation e-mail (RFC 5545 objects, RFC 5546
 * methods). Pure: a string out of plain values, no clock and no I/O.
 *
 * Privacy: the invitation lands in mail clients and shared calendars we do not control, so
 * it carries no clinical text, no national id and no patient name. There is no parameter for
 * any of them; the caller passes a generic title and a description with only the personal
 * join link and plain instructions.
 *
 * Times are written as Europe/Oslo wall-clock times with `TZID` and a `VTIMEZONE`, so a
 * calendar shows "10:00" and moves the meeting correctly if the recipient travels.
 */
import { DomainError } from '../errors';
import { OSLO, toOsloLocal } from '../../shared/oslo-time';
import { fromOsloLocal } from '../scheduling/oslo-time';

export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface CalendarParty {
  /** Shown as `CN`; a display name, never a patient's. */
  readonly name: string;
  readonly email: string;
}

export interface InvitationInput {
  /** `REQUEST` to invite or update, `CANCEL` to withdraw. */
  readonly method: InvitationMethod;
  /** Stable for the life of the consultation, e.g. `consultationUid(id)`; clients match updates on it. */
  readonly uid: string;
  /** Raised on every change (time, cancellation); clients ignore a message with a lower one. */
  readonly sequence: number;
  readonly start: Date;
  readonly end: Date;
  /** Generic title. @defaultValue `DEFAULT_INVITATION_SUMMARY` */
  readonly summary?: string;
  /** Only the personal join link and plain instructions. */
  readonly description: string;
  /** The recipient's personal join link. */
  readonly url: string;
  readonly organizer: CalendarParty;
  readonly attendee: CalendarParty;
  /** When the invitation is produced (`DTSTAMP`). */
  readonly now: Date;
}

export const DEFAULT_INVITATION_SUMMARY = 'Tverrfaglig videomøte (Samrom)';
export const INVITATION_LOCATION = 'Video (Samrom)';
const PRODID = '-//Samrom//Samrom videomøte//NB';
/** RFC 5545 §3.1: lines longer than this many octets are folded. */
export const MAX_LINE_OCTETS = 75;
const CRLF = '\r\n';

/** The UID of a consultation's invitation: the same for the request, its updates and its cancellation. */
export function consultationUid(consultationId: string): string {
  return `${consultationId}@samrom`;
}

/** The `Content-Type` of the MIME part; mail clients want `method` to match the body's `METHOD`. */
export function invitationContentType(method: InvitationMethod): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

/** The `.ics` text (CRLF line ends, folded at 75 octets) for one recipient. */
export function buildInvitation(input: InvitationInput): string {
  validate(input);
  const cancel = input.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method}`,
    ...OSLO_VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${escapeText(input.uid)}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${utcDateTime(input.now)}`,
    dateTimeProperty('DTSTART', input.start),
    dateTimeProperty('DTEND', input.end),
    `SUMMARY;LANGUAGE=nb:${escapeText(input.summary ?? DEFAULT_INVITATION_SUMMARY)}`,
    `DESCRIPTION;LANGUAGE=nb:${escapeText(input.description)}`,
    `LOCATION:${escapeText(INVITATION_LOCATION)}`,
    `URL:${new URL(input.url).href}`,
    `ORGANIZER;CN=${paramValue(input.organizer.name)}:mailto:${input.organizer.email}`,
    `ATTENDEE;CN=${paramValue(input.attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;` +
      `PARTSTAT=NEEDS-ACTION;RSVP=${cancel ? 'FALSE' : 'TRUE'}:mailto:${input.attendee.email}`,
    `STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map((line) => foldLine(line) + CRLF).join('');
}

/*
 * Europe/Oslo has followed the EU rule (last Sunday of March and October, 01:00 UTC) since
 * 1996; meetings are never booked before that, so one pair of RRULEs describes every date we write.
 */
const OSLO_VTIMEZONE: readonly string[] = [
  'BEGIN:VTIMEZONE',
  `TZID:${OSLO}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19960331T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

function refuse(path: string, message: string, detail: string): DomainError {
  return new DomainError('validation_failed', detail, [{ path, message }]);
}

function validate(input: InvitationInput): void {
  if (!Number.isInteger(input.sequence) || input.sequence < 0) {
    throw refuse('sequence', 'må være et heltall ≥ 0 / must be an integer ≥ 0', `bad SEQUENCE ${input.sequence}`);
  }
  for (const key of ['start', 'end', 'now'] as const) {
    if (Number.isNaN(input[key].getTime())) throw refuse(key, 'ugyldig tidspunkt / invalid instant', `invalid ${key}`);
  }
  if (input.end.getTime() <= input.start.getTime()) {
    throw refuse('end', 'slutt må være etter start / end must be after start', 'end is not after start');
  }
  if (input.uid.trim() === '' || CONTROL.test(input.uid)) {
    throw refuse('uid', 'ugyldig UID / invalid UID', 'empty UID or UID with control characters');
  }
  for (const key of ['organizer', 'attendee'] as const) {
    if (!EMAIL.test(input[key].email)) {
      throw refuse(`${key}.email`, 'ugyldig e-postadresse / invalid e-mail address', `invalid ${key} e-mail`);
    }
  }
  let url: URL | undefined;
  try {
    url = new URL(input.url);
  } catch {
    // Reported below as a validation error; the parse error itself says nothing more.
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw refuse('url', 'ugyldig lenke / invalid link', 'join link is not an http(s) URL');
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `20270115T090000Z`; seconds are the finest unit iCalendar has. */
function utcDateTime(instant: Date): string {
  const d = instant;
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

/**
 * `DTSTART;TZID=Europe/Oslo:20270115T100000`. A local time in the fall-back hour occurs
 * twice; RFC 5545 says it means the first, but clients disagree (ical.js takes the second),
 * so an instant in that hour is written in UTC, which every client reads the same way.
 */
function dateTimeProperty(name: 'DTSTART' | 'DTEND', instant: Date): string {
  const wholeSecondsMs = Math.floor(instant.getTime() / 1000) * 1000;
  const local = toOsloLocal(wholeSecondsMs);
  if (fromOsloLocal(local).ambiguous) {
    return `${name}:${utcDateTime(new Date(wholeSecondsMs))}`;
  }
  const value = `${pad(local.year, 4)}${pad(local.month)}${pad(local.day)}` + `T${pad(local.hour)}${pad(local.minute)}${pad(local.second)}`;
  return `${name};TZID=${OSLO}:${value}`;
}

/** RFC 5545 §3.3.11 TEXT: escape `\ ; ,` and newlines; other control characters are not allowed, so dropped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/** A quoted parameter value (§3.2): DQUOTE and control characters cannot appear inside, so they go. */
function paramValue(text: string): string {
  return `"${text.replace(/["\u0000-\u0008\u000a-\u001f\u007f]/g, '')}"`;
}

function utf8Octets(text: string): number {
  let octets = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    octets += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return octets;
}

/**
 * Folds a content line into pieces of at most 75 octets (continuations start with a space,
 * which counts). Splits fall between whole code points, so a UTF-8 sequence (æ, ø, å) is
 * never cut, and never inside a `\n`-style escape, which some clients mishandle.
 */
export function foldLine(line: string): string {
  const units = line.match(/\\.|[\s\S]/gu) ?? [];
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const unit of units) {
    const size = utf8Octets(unit);
    const limit = pieces.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
    }
    current += unit;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(`${CRLF} `);
}
