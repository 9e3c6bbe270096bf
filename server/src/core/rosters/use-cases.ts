/**
 * Roster use cases: replace a specialty's shifts for a period (from a form or a CSV file),
 * list them, the on-call chain at an instant and the level-1 gaps ahead. Rosters hold no
 * patient data, so nothing here is audited; the caller logs who changed what. Who may change or
 * read which specialty's roster: policy.ts.
 */
import { DomainError, type ErrorIssue } from '../errors';
import { enforce } from '../policy';
import type { Clock, Directory, Person } from '../ports';
import { type Actor, actorId } from '../roles';
import { type ChainLevel, GAP_HORIZON_DAYS, gaps, onCallChain } from './chain';
import { decideRoster } from './policy';
import { type NewRosterShift, type RosterShift, type RosterShiftInput, checkShift, findSelfOverlap, parseRosterTime, requireSpecialty } from './shifts';
import type { RosterPeriod, RosterStore } from './store';

export interface RosterContext {
  readonly store: RosterStore;
  readonly directory: Directory;
  readonly clock: Clock;
  readonly actor: Actor;
}

const MS_PER_DAY = 86_400_000;

export interface ReplaceRosterRequest {
  /** The period replaced; defaults to the earliest start and the latest end of `shifts`. */
  readonly from?: string;
  readonly to?: string;
  readonly shifts: readonly RosterShiftInput[];
}

export interface RosterChange {
  readonly specialty: string;
  readonly period: RosterPeriod;
  readonly removed: number;
  readonly added: readonly RosterShift[];
  readonly changedBy: string;
}

export async function replaceRoster(ctx: RosterContext, specialty: string, request: ReplaceRosterRequest): Promise<RosterChange> {
  requireSpecialty(specialty);
  enforce(decideRoster(ctx.actor, 'write', specialty));
  const people = await peopleById(ctx.directory);
  const issues: ErrorIssue[] = [];
  const shifts: NewRosterShift[] = [];
  request.shifts.forEach((input, i) => {
    const check = checkShift(specialty, input, people.get(input.personId) ?? null, `shifts.${i}`);
    issues.push(...check.issues);
    if (check.shift) shifts.push(check.shift);
  });
  if (issues.length > 0) throw new DomainError('validation_failed', 'roster shifts are invalid', issues);
  const period = resolvePeriod(request, shifts);
  return save(ctx, specialty, period, shifts, (i) => `shifts.${i}`, 'validation_failed');
}

/** One row of an uploaded CSV file, with its line number in the file (the header is line 1). */
export interface RosterCsvRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, string | undefined>>;
}

export const ROSTER_CSV_COLUMNS = ['specialty', 'person', 'level', 'start', 'end'] as const;

/**
 * Imports a CSV file as one replace: every row must be right or nothing is saved, and each
 * wrong row is reported by its line number. The file replaces the period it covers.
 */
export async function importRosterCsv(ctx: RosterContext, specialty: string, rows: readonly RosterCsvRow[]): Promise<RosterChange> {
  requireSpecialty(specialty);
  enforce(decideRoster(ctx.actor, 'write', specialty));
  if (rows.length === 0) {
    throw new DomainError('unprocessable', 'empty roster file', [{ path: 'file', message: 'fila har ingen vakter / the file has no shifts' }]);
  }
  const people = await peopleById(ctx.directory);
  const byHpr = new Map([...people.values()].filter((p) => p.hprNumber).map((p) => [p.hprNumber!, p]));
  const issues: ErrorIssue[] = [];
  const shifts: NewRosterShift[] = [];
  const lines: number[] = [];
  for (const row of rows) {
    const prefix = `line.${row.line}`;
    const rowIssues: ErrorIssue[] = [];
    const f = (name: string) => (row.fields[name] ?? '').trim();
    if (f('specialty') !== specialty) {
      rowIssues.push({
        path: `${prefix}.specialty`,
        message: `fagområde «${f('specialty')}» er ikke ${specialty} / specialty «${f('specialty')}» is not ${specialty}`,
      });
    }
    const personKey = f('person');
    const person = people.get(personKey) ?? byHpr.get(personKey) ?? null;
    const level = /^[123]$/.test(f('level')) ? Number(f('level')) : Number.NaN;
    const check = checkShift(specialty, { personId: personKey, level, start: f('start'), end: f('end') }, person, prefix);
    rowIssues.push(...check.issues.map((i) => ({ ...i, path: i.path.replace(`${prefix}.personId`, `${prefix}.person`) })));
    if (rowIssues.length > 0) {
      issues.push(...rowIssues.map((i) => ({ path: i.path, message: `Linje ${row.line} / line ${row.line}: ${i.message}` })));
    } else if (check.shift) {
      shifts.push(check.shift);
      lines.push(row.line);
    }
  }
  if (issues.length > 0) throw new DomainError('unprocessable', `${issues.length} problem(s) in the roster file`, issues);
  const period = resolvePeriod({}, shifts);
  return save(ctx, specialty, period, shifts, (i) => `line.${lines[i]}`, 'unprocessable');
}

async function save(
  ctx: RosterContext,
  specialty: string,
  period: RosterPeriod,
  shifts: readonly NewRosterShift[],
  pathOf: (index: number) => string,
  code: 'validation_failed' | 'unprocessable',
): Promise<RosterChange> {
  const outside = shifts.findIndex((s) => s.startsAt < period.from || s.startsAt >= period.to);
  if (outside >= 0) {
    throw new DomainError(code, 'shift outside the period', [
      { path: `${pathOf(outside)}.start`, message: 'vakta starter utenfor perioden som erstattes / the shift starts outside the period being replaced' },
    ]);
  }
  const overlap = findSelfOverlap(shifts);
  if (overlap) {
    throw new DomainError(code, 'a person overlaps themselves', [
      {
        path: pathOf(overlap.second),
        message: `samme person har overlappende vakter på samme nivå (se også ${pathOf(overlap.first)}) / the same person has overlapping shifts at the same level (see also ${pathOf(overlap.first)})`,
      },
    ]);
  }
  const changedBy = actorId(ctx.actor);
  const { removed, added } = await ctx.store.replace(specialty, period, shifts, changedBy);
  return { specialty, period, removed, added, changedBy };
}

function resolvePeriod(request: { from?: string; to?: string }, shifts: readonly NewRosterShift[]): RosterPeriod {
  const from = request.from !== undefined ? parseRosterTime(request.from, 'from') : earliest(shifts.map((s) => s.startsAt));
  const to = request.to !== undefined ? parseRosterTime(request.to, 'to') : latest(shifts.map((s) => s.endsAt));
  if (!from || !to) {
    throw new DomainError('validation_failed', 'no period', [
      { path: 'from', message: 'oppgi from og to når lista er tom / give from and to when the list is empty' },
    ]);
  }
  if (to <= from) throw new DomainError('validation_failed', 'to before from', [{ path: 'to', message: 'to må være etter from / to must be after from' }]);
  if (to.getTime() - from.getTime() > 366 * MS_PER_DAY) {
    throw new DomainError('validation_failed', 'period too long', [{ path: 'to', message: 'høyst ett år om gangen / at most one year at a time' }]);
  }
  return { from, to };
}

const earliest = (ds: readonly Date[]) => (ds.length ? new Date(Math.min(...ds.map((d) => d.getTime()))) : undefined);
const latest = (ds: readonly Date[]) => (ds.length ? new Date(Math.max(...ds.map((d) => d.getTime()))) : undefined);

export async function listRoster(
  ctx: RosterContext,
  specialty: string,
  range: { from?: string; to?: string },
): Promise<{ period: RosterPeriod; shifts: RosterShift[] }> {
  requireSpecialty(specialty);
  enforce(decideRoster(ctx.actor, 'read', specialty));
  const from = range.from !== undefined ? parseRosterTime(range.from, 'from') : ctx.clock.now();
  const to = range.to !== undefined ? parseRosterTime(range.to, 'to') : new Date(from.getTime() + GAP_HORIZON_DAYS * MS_PER_DAY);
  const period = resolvePeriod({ from: from.toISOString(), to: to.toISOString() }, []);
  return { period, shifts: await ctx.store.list(specialty, period) };
}

export async function onCallAt(ctx: RosterContext, specialty: string, atText?: string): Promise<{ at: Date; chain: ChainLevel<RosterShift>[] }> {
  requireSpecialty(specialty);
  enforce(decideRoster(ctx.actor, 'read', specialty));
  const at = atText !== undefined ? parseRosterTime(atText, 'at') : ctx.clock.now();
  const shifts = await ctx.store.list(specialty, { from: at, to: new Date(at.getTime() + 1) });
  return { at, chain: onCallChain(shifts, at) };
}

/** Level-1 gaps from now over the next seven days. */
export async function rosterGaps(ctx: RosterContext, specialty: string): Promise<{ period: RosterPeriod; gaps: { startsAt: Date; endsAt: Date }[] }> {
  requireSpecialty(specialty);
  enforce(decideRoster(ctx.actor, 'read', specialty));
  return findGaps(ctx.store, specialty, ctx.clock.now());
}

/** For the gap alert job too (no actor: the system asks). */
export async function findGaps(store: Pick<RosterStore, 'list'>, specialty: string, now: Date) {
  const period = { from: now, to: new Date(now.getTime() + GAP_HORIZON_DAYS * MS_PER_DAY) };
  return { period, gaps: gaps(await store.list(specialty, period), period.from, period.to) };
}

async function peopleById(directory: Directory): Promise<Map<string, Person>> {
  return new Map((await directory.list()).map((p) => [p.id, p]));
}

/** Who may be put on the specialty's roster: its specialists, by name. */
export async function rosterCandidates(ctx: RosterContext, specialty: string): Promise<Person[]> {
  requireSpecialty(specialty);
  enforce(decideRoster(ctx.actor, 'read', specialty));
  return (await ctx.directory.list())
    .filter((p) => p.roles.includes('specialist') && p.specialty === specialty)
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}
