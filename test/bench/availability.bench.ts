/**
 * Issue 4, part 3: "availability search for 5 people over 4 weeks with 500 existing meetings
 * each, p99 ≤ 20 ms". `findCommonSlots` is pure and in-process, so it is timed directly, call
 * by call, beside a baseline in the same loop: copying the same 2,500 meetings and sorting them
 * by start with a comparator — the first step of the plainest search one could write.
 *
 * The four weeks (Monday 15 March – Sunday 11 April 2027) hold the spring-forward night and
 * Easter, so the DST and holiday paths are on the measured route. Meetings are random but
 * seeded: weekdays 07:00–17:45 Oslo time on the quarter hour, 15 or 30 minutes. Each person is
 * then booked for most of the working day, and a 15-minute slot that suits all five turns up
 * only about five times in the four weeks: the search has to sweep the whole period.
 *
 * The first search in the process is reported apart: it runs unoptimised code and also reads
 * the year's Europe/Oslo offsets from ICU (`tz-offsets.ts`), once per process.
 */
import { performance } from 'node:perf_hooks';
import { type AvailabilityPerson, findCommonSlots } from '../../server/src/core/scheduling/availability';
import type { Interval } from '../../server/src/core/scheduling/intervals';
import { parseOsloLocalIso } from '../../server/src/shared/oslo-time';
import type { Bench, BenchContext, Row } from './bench';

const PEOPLE = 5;
const MEETINGS_PER_PERSON = 500;
const SEARCH_DAYS = 28;
const DURATION_MINUTES = 15;
/** Distinct seeded data sets cycled through, so no single input is all the JIT ever sees. */
const DATA_SETS = 16;
const WARM_UP_SEARCHES = 300;
const TARGET_P99_MS = 20;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export const availability: Bench = {
  name: 'availability',
  description: `findCommonSlots, ${PEOPLE} people × ${MEETINGS_PER_PERSON} meetings over ${SEARCH_DAYS} days vs sorting the same meetings`,
  run,
};

/** mulberry32: small, fast, and the same numbers on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface DataSet {
  readonly people: AvailabilityPerson[];
  readonly allMeetings: Interval[];
}

function dataSet(seed: number, from: Date): DataSet {
  const random = seeded(seed);
  const pick = (n: number) => Math.floor(random() * n);
  // Local midnights of the working days; meetings are placed on local wall-clock time.
  const workdays: string[] = [];
  for (let d = 0; d < SEARCH_DAYS; d++) {
    const date = new Date(from.getTime() + d * DAY_MS + 12 * 3_600_000).toISOString().slice(0, 10);
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) workdays.push(date);
  }
  const people = Array.from({ length: PEOPLE }, (_, p) => {
    const busy: Interval[] = [];
    for (let m = 0; m < MEETINGS_PER_PERSON; m++) {
      const quarter = 7 * 4 + pick(11 * 4); // 07:00–17:45
      const hh = String(Math.floor(quarter / 4)).padStart(2, '0');
      const mm = String((quarter % 4) * 15).padStart(2, '0');
      const start = parseOsloLocalIso(`${workdays[pick(workdays.length)]}T${hh}:${mm}`).instant;
      busy.push({ start, end: new Date(start.getTime() + (1 + pick(2)) * 15 * MINUTE_MS) });
    }
    return { id: `person-${p + 1}`, busy };
  });
  return { people, allMeetings: people.flatMap((p) => p.busy) };
}

function percentile(sortedMs: readonly number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)]!;
}

async function run(ctx: BenchContext): Promise<readonly Row[]> {
  const from = parseOsloLocalIso('2027-03-15T00:00').instant;
  const to = new Date(from.getTime() + SEARCH_DAYS * DAY_MS);
  const now = from;
  const sets = Array.from({ length: DATA_SETS }, (_, i) => dataSet(0x5a3d + i, from));
  const search = (set: DataSet) => findCommonSlots({ people: set.people, from, to, now, durationMinutes: DURATION_MINUTES });
  const sortBaseline = (set: DataSet) => [...set.allMeetings].sort((a, b) => a.start.getTime() - b.start.getTime());

  // The first search in a process also reads the zone's offsets for the year from ICU.
  const coldStart = performance.now();
  const firstSlots = search(sets[0]!);
  const firstCallMs = performance.now() - coldStart;

  ctx.log(`warm-up: ${WARM_UP_SEARCHES} searches`);
  for (let i = 0; i < WARM_UP_SEARCHES; i++) {
    search(sets[i % DATA_SETS]!);
    sortBaseline(sets[i % DATA_SETS]!);
  }

  ctx.log(`measuring for ${ctx.phaseSeconds} s, search and baseline alternating`);
  const searchMs: number[] = [];
  const baselineMs: number[] = [];
  let slotsFound = 0;
  let sink = 0;
  const deadline = performance.now() + ctx.phaseSeconds * 1000;
  for (let i = 0; performance.now() < deadline; i++) {
    const set = sets[i % DATA_SETS]!;
    let t = performance.now();
    const slots = search(set);
    searchMs.push(performance.now() - t);
    slotsFound += slots.length;
    t = performance.now();
    sink += sortBaseline(set).length;
    baselineMs.push(performance.now() - t);
  }
  if (sink === 0) throw new Error('baseline sorted nothing');
  searchMs.sort((a, b) => a - b);
  baselineMs.sort((a, b) => a - b);
  ctx.log(`${searchMs.length} searches; first search found ${firstSlots.length} slots`);

  return [
    { name: 'search p50', figure: percentile(searchMs, 50), unit: 'ms', baseline: percentile(baselineMs, 50) },
    {
      name: 'search p99',
      figure: percentile(searchMs, 99),
      unit: 'ms',
      baseline: percentile(baselineMs, 99),
      target: { atMost: TARGET_P99_MS },
    },
    { name: 'search max', figure: searchMs.at(-1)!, unit: 'ms', baseline: baselineMs.at(-1)! },
    { name: 'first search in process (cold code, zone data)', figure: firstCallMs, unit: 'ms' },
    { name: 'slots found per search', figure: slotsFound / searchMs.length, unit: 'slots' },
    { name: 'searches measured', figure: searchMs.length, unit: 'count' },
  ];
}
