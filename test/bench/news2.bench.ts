/**
 * Issue: "NEWS2 scores per second in process over varied inputs, beside a baseline (a trivial
 * sum of the same 8 fields) measured in the same run. Target: at least 100,000 scores/s."
 *
 * Inputs are drawn once, from a fixed seed, across every band of every parameter on both
 * scales, so no branch is always taken. Each function is timed in interleaved rounds (baseline,
 * score, validate + score, then again) so drift on a shared machine touches all alike, and each
 * figure is the median round. All three go through the same indirect call in the same loop:
 * the baseline is the cost of the harness and of reading the eight fields.
 */
import { performance } from 'node:perf_hooks';
import { CONSCIOUSNESS_LEVELS, type News2Input, scoreNews2 } from '../../server/src/shared/news2';
import { validateNews2Input } from '../../server/src/core/clinical/news2';
import type { Bench, BenchContext, Row } from './bench';

const INPUT_COUNT = 4_096;
const SEED = 20_170_101;
const ROUNDS = 5;
const WARM_UP_MS = 500;
const TARGET_SCORES_PER_SECOND = 100_000;

export const news2Scoring: Bench = {
  name: 'news2',
  description: 'NEWS2 scores/s in process (scoreNews2; validate + score) vs a plain sum of the same 8 fields',
  run,
};

type Work = (input: News2Input) => number;

/** The baseline: touches the same eight fields and does one add each. */
const sumOfFields: Work = (v) =>
  v.respirationRate + v.spo2 + v.spo2Scale + (v.onOxygen ? 1 : 0) + v.systolicBp + v.pulse + v.consciousness.length + v.temperature;
const score: Work = (v) => scoreNews2(v).total;
/** What `POST /api/clinical/news2` does after authentication. */
const validateAndScore: Work = (v) => scoreNews2(validateNews2Input(v)).total;

async function run(ctx: BenchContext): Promise<readonly Row[]> {
  const inputs = variedInputs(INPUT_COUNT);
  const works = { sumOfFields, score, validateAndScore };
  ctx.log(`${INPUT_COUNT} inputs; warm-up ${WARM_UP_MS} ms each`);
  for (const work of Object.values(works)) timedPasses(work, inputs, WARM_UP_MS);

  const roundMs = (ctx.phaseSeconds * 1000) / ROUNDS;
  const rates: Record<keyof typeof works, number[]> = { sumOfFields: [], score: [], validateAndScore: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    ctx.log(`round ${round}/${ROUNDS}: ${Math.round(roundMs)} ms each`);
    for (const [name, work] of Object.entries(works) as [keyof typeof works, Work][]) {
      rates[name].push(timedPasses(work, inputs, roundMs));
    }
  }
  const baseline = median(rates.sumOfFields);
  const target = { atLeast: TARGET_SCORES_PER_SECOND };
  return [
    { name: 'scoreNews2', figure: median(rates.score), unit: 'scores/s', baseline, target },
    { name: 'validate + score (the API path)', figure: median(rates.validateAndScore), unit: 'scores/s', baseline, target },
    { name: 'time per score', figure: 1e9 / median(rates.score), unit: 'ns', baseline: 1e9 / baseline },
  ];
}

/** Calls `work` over the inputs, whole passes at a time, for about `durationMs`; calls per second. */
function timedPasses(work: Work, inputs: readonly News2Input[], durationMs: number): number {
  let calls = 0;
  let sink = 0;
  const start = performance.now();
  let elapsedMs = 0;
  do {
    for (let i = 0; i < inputs.length; i++) sink += work(inputs[i]!);
    calls += inputs.length;
    elapsedMs = performance.now() - start;
  } while (elapsedMs < durationMs);
  // Using the results keeps the optimiser from dropping the calls.
  if (!Number.isFinite(sink)) throw new Error('a score was not a number');
  return (calls * 1000) / elapsedMs;
}

/** Valid inputs spread over every band on both scales, reproducible from SEED. */
function variedInputs(count: number): News2Input[] {
  let state = SEED;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return Array.from({ length: count }, () =>
    validateNews2Input({
      respirationRate: between(5, 32),
      spo2: between(80, 100),
      spo2Scale: next() < 0.3 ? 2 : 1,
      onOxygen: next() < 0.4,
      systolicBp: between(75, 235),
      pulse: between(32, 150),
      consciousness: next() < 0.7 ? 'alert' : CONSCIOUSNESS_LEVELS[between(1, CONSCIOUSNESS_LEVELS.length - 1)],
      temperature: between(340, 405) / 10,
    }),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
