/**
 * The roster (vaktplan) API: replace a period's shifts from the form or a CSV file, and read the
 * roster, the on-call chain, the people who may be rostered and the level-1 gaps. Routes parse
 * with the contracts' schemas and map the use cases' records to DTOs.
 */
import express, { type Request, Router } from 'express';
import { parse } from 'csv-parse/sync';
import {
  OnCallQuerySchema,
  ReplaceRosterSchema,
  type OnCallDto,
  type RosterChangeDto,
  type RosterDto,
  type RosterGapsDto,
  type RosterPeopleDto,
  RosterRangeQuerySchema,
  type RosterShiftDto,
} from '../../contracts/rosters';
import { DomainError } from '../../core/errors';
import { textProblem, textProblemMessage } from '../../core/input-rules';
import type { Clock, Directory } from '../../core/ports';
import type { RosterShift } from '../../core/rosters/shifts';
import type { RosterStore } from '../../core/rosters/store';
import {
  ROSTER_CSV_COLUMNS,
  type RosterChange,
  type RosterCsvRow,
  importRosterCsv,
  listRoster,
  onCallAt,
  replaceRoster,
  rosterCandidates,
  rosterGaps,
} from '../../core/rosters/use-cases';
import { actorOf } from '../auth';
import { sendError } from '../errors';

export interface RosterRoutesDeps {
  readonly store: RosterStore;
  readonly directory: Directory;
  readonly clock: Clock;
}

/** Largest CSV accepted: a year of shifts for a big specialty fits easily. */
export const ROSTER_CSV_LIMIT = '1mb';

/** `/api/rosters/:specialty` (vaktplan), behind authentication. */
export function rosterRoutes(deps: RosterRoutesDeps): Router {
  const r = Router();
  const kit: RouteKit = {
    ctx: (req) => ({ ...deps, actor: actorOf(req) }),
    names: async () => new Map((await deps.directory.list()).map((p) => [p.id, p.name])),
  };
  mountRosterWrites(r, kit);
  mountRosterReads(r, kit);
  return r;
}

/** What every roster route needs: the use-case context for this request, and the directory's names by id. */
interface RouteKit {
  ctx(req: Request): RosterRoutesDeps & { readonly actor: ReturnType<typeof actorOf> };
  names(): Promise<Map<string, string>>;
}

const shiftDto = (s: RosterShift, byId: Map<string, string>): RosterShiftDto => ({
  id: s.id,
  personId: s.personId,
  personName: byId.get(s.personId) ?? s.personId,
  level: s.level,
  start: s.startsAt.toISOString(),
  end: s.endsAt.toISOString(),
});

async function changed(kit: RouteKit, req: Request, change: RosterChange, source: 'form' | 'csv'): Promise<RosterChangeDto> {
  // Rosters hold no patient data, so no audit event; the log says who changed what.
  req.log.info(
    {
      specialty: change.specialty,
      changedBy: change.changedBy,
      source,
      from: change.period.from.toISOString(),
      to: change.period.to.toISOString(),
      removed: change.removed,
      added: change.added.length,
    },
    'roster replaced',
  );
  const byId = await kit.names();
  return {
    specialty: change.specialty,
    from: change.period.from.toISOString(),
    to: change.period.to.toISOString(),
    removed: change.removed,
    shifts: change.added.map((s) => shiftDto(s, byId)),
  };
}

/** Replacing a period's shifts: from the form (JSON) or from a CSV file. */
function mountRosterWrites(r: Router, kit: RouteKit): void {
  r.put('/:specialty', async (req, res) => {
    const body = ReplaceRosterSchema.parse(req.body);
    const change = await replaceRoster(kit.ctx(req), req.params.specialty, body);
    res.json(await changed(kit, req, change, 'form'));
  });

  r.post('/:specialty/import', express.text({ type: 'text/csv', limit: ROSTER_CSV_LIMIT }), async (req, res) => {
    if (!req.is('text/csv')) {
      return sendError(req, res, 415, 'unsupported_media_type', [
        { path: 'content-type', message: 'send fila med Content-Type: text/csv / send the file with Content-Type: text/csv' },
      ]);
    }
    const rows = parseRosterCsv(typeof req.body === 'string' ? req.body : '');
    const change = await importRosterCsv(kit.ctx(req), req.params.specialty, rows);
    res.json(await changed(kit, req, change, 'csv'));
  });
}

/** The roster of a period, the on-call chain at an instant, the people who may be rostered, and the gaps. */
function mountRosterReads(r: Router, kit: RouteKit): void {
  r.get('/:specialty', async (req, res) => {
    const query = RosterRangeQuerySchema.parse(req.query);
    const { period, shifts } = await listRoster(kit.ctx(req), req.params.specialty, query);
    const byId = await kit.names();
    const body: RosterDto = {
      specialty: req.params.specialty,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      shifts: shifts.map((s) => shiftDto(s, byId)),
    };
    res.json(body);
  });

  r.get('/:specialty/on-call', async (req, res) => {
    const { at } = OnCallQuerySchema.parse(req.query);
    const result = await onCallAt(kit.ctx(req), req.params.specialty, at);
    const byId = await kit.names();
    const body: OnCallDto = {
      specialty: req.params.specialty,
      at: result.at.toISOString(),
      chain: result.chain.map((l) => ({ level: l.level, people: l.shifts.map((s) => shiftDto(s, byId)) })),
    };
    res.json(body);
  });

  r.get('/:specialty/people', async (req, res) => {
    const people = await rosterCandidates(kit.ctx(req), req.params.specialty);
    const body: RosterPeopleDto = { specialty: req.params.specialty, people: people.map((p) => ({ id: p.id, name: p.name, organization: p.organization })) };
    res.json(body);
  });

  r.get('/:specialty/gaps', async (req, res) => {
    const result = await rosterGaps(kit.ctx(req), req.params.specialty);
    const body: RosterGapsDto = {
      specialty: req.params.specialty,
      from: result.period.from.toISOString(),
      to: result.period.to.toISOString(),
      gaps: result.gaps.map((g) => ({ start: g.startsAt.toISOString(), end: g.endsAt.toISOString() })),
    };
    res.json(body);
  });
}

/**
 * Reads the CSV into rows with their line numbers (the header is line 1). Commas or
 * semicolons (Norwegian Excel) are both accepted; the header names the columns in any order.
 */
export function parseRosterCsv(text: string): RosterCsvRow[] {
  // The file is not JSON, so the edge's check (input-guard.ts) never saw it: the same rule, by line.
  const lines = text.split('\n');
  const bad = lines.findIndex((line) => textProblem(line) !== undefined);
  if (bad >= 0) {
    throw new DomainError('validation_failed', 'control character in the roster file', [
      { path: `line.${bad + 1}`, message: `Linje ${bad + 1} / line ${bad + 1}: ${textProblemMessage(textProblem(lines[bad]!)!)}` },
    ]);
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new DomainError('unprocessable', 'unreadable CSV', [
      {
        path: line ? `line.${line}` : 'file',
        message: `${line ? `Linje ${line} / line ${line}: ` : ''}kan ikke lese CSV-fila / cannot read the CSV file (${(err as Error).message})`,
      },
    ]);
  }
  const header = records[0] ? Object.keys(records[0].record) : firstLine.split(delimiter).map((h) => h.trim().toLowerCase());
  const missing = ROSTER_CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new DomainError('unprocessable', 'missing CSV columns', [
      {
        path: 'line.1',
        message: `Linje 1 / line 1: mangler kolonne ${missing.join(', ')}; forventet ${ROSTER_CSV_COLUMNS.join(', ')} / missing column ${missing.join(', ')}; expected ${ROSTER_CSV_COLUMNS.join(', ')}`,
      },
    ]);
  }
  return records.map(({ record, info }) => ({ line: info.lines, fields: record }));
}
