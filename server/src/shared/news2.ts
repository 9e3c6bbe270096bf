/**
 * NEWS2 (Royal College of Physicians, 2017): seven vital-sign parameters → a score each, a
 * total and a clinical risk band; the table is in `shared/domain/news2.md`.
 *
 * The pure steps, usable in the browser too (contracts/clinical.ts builds its schema on them):
 * `news2Issues` says what is missing or impossible and `scoreNews2` scores input already known
 * to be valid. The use case (a clinician, valid input, a score) is core/clinical/news2.ts.
 */

/** One missing or impossible parameter; the same shape as the core's ErrorIssue. */
export interface News2Issue {
  /** The parameter, or `''` for the body as a whole. */
  readonly path: string;
  readonly message: string;
}

export const CONSCIOUSNESS_LEVELS = ['alert', 'confusion', 'voice', 'pain', 'unresponsive'] as const;
/** ACVPU; `confusion` means *new* confusion. */
export type Consciousness = (typeof CONSCIOUSNESS_LEVELS)[number];

/**
 * Scale 2 only for patients with a documented target saturation of 88–92 % (hypercapnic
 * respiratory failure); everyone else is scored on scale 1.
 */
export type Spo2Scale = 1 | 2;

export interface News2Input {
  /** Breaths per minute. */
  readonly respirationRate: number;
  /** Oxygen saturation, %. */
  readonly spo2: number;
  readonly spo2Scale: Spo2Scale;
  /** Supplemental oxygen (any device) rather than room air. */
  readonly onOxygen: boolean;
  /** mmHg. */
  readonly systolicBp: number;
  /** Beats per minute. */
  readonly pulse: number;
  readonly consciousness: Consciousness;
  /** °C. */
  readonly temperature: number;
}

export type News2Parameter = keyof News2Input;

/** Every input field, in the order of the NEWS2 chart (issues are reported in this order). */
export const NEWS2_PARAMETERS = [
  'respirationRate',
  'spo2',
  'spo2Scale',
  'onOxygen',
  'systolicBp',
  'pulse',
  'consciousness',
  'temperature',
] as const satisfies readonly News2Parameter[];

/** The scale is not a vital sign: it chooses which SpO₂ row scores `spo2`, so it has no score of its own. */
export type ScoredParameter = Exclude<News2Parameter, 'spo2Scale'>;
export type ParameterScore = 0 | 1 | 2 | 3;
export type News2Scores = { readonly [P in ScoredParameter]: ParameterScore };

export type News2Risk = 'low' | 'low-medium' | 'medium' | 'high';

export interface News2Result {
  /** 0–20. */
  readonly total: number;
  readonly scores: News2Scores;
  readonly risk: News2Risk;
}

// ── Input limits ───────────────────────────────────────────────────────────────────────────

export interface MeasurementLimits {
  readonly min: number;
  readonly max: number;
  /** Counted or read off a device in whole units; a fraction is a typing or unit error. */
  readonly wholeNumber: boolean;
  readonly unit: string;
}

type MeasuredParameter = 'respirationRate' | 'spo2' | 'systolicBp' | 'pulse' | 'temperature';

/**
 * What a living patient's measurement can be. The bounds refuse typing and unit errors, not
 * extreme readings: anything near a bound already scores 3, and refusing a real reading would
 * hide the sickest patient. Zero is below every bound because an empty number field becomes 0.
 * - respiration rate 1–80: 0 is apnoea, which needs resuscitation, not a score.
 * - SpO₂ 30–100: a percentage; oximeters still display readings far below their calibrated range.
 * - systolic BP 30–300: the range a cuff can measure.
 * - pulse 10–300: complete heart block to infant SVT.
 * - temperature 20–45: accidental hypothermia below 25 °C is seen in Norway and still measured.
 */
export const NEWS2_LIMITS = {
  respirationRate: { min: 1, max: 80, wholeNumber: true, unit: '/min' },
  spo2: { min: 30, max: 100, wholeNumber: true, unit: '%' },
  systolicBp: { min: 30, max: 300, wholeNumber: true, unit: 'mmHg' },
  pulse: { min: 10, max: 300, wholeNumber: true, unit: '/min' },
  temperature: { min: 20, max: 45, wholeNumber: false, unit: '°C' },
} as const satisfies Record<MeasuredParameter, MeasurementLimits>;

// ── Validation ─────────────────────────────────────────────────────────────────────────────

/** Issue messages are "bokmål / English" and name the parameter, so a form can show them as they are. */
export const NEWS2_NOT_AN_OBJECT_MESSAGE = 'forventet et objekt med vitale parametre / expected an object of vital signs';

export function news2MissingMessage(parameter: News2Parameter): string {
  return `${parameter} mangler / ${parameter} is missing`;
}

/**
 * What is wrong with a value that is present (not `undefined` or `null`), or undefined when it
 * is acceptable.
 */
export function news2ValueProblem(parameter: News2Parameter, value: unknown): string | undefined {
  switch (parameter) {
    case 'spo2Scale':
      return value === 1 || value === 2 ? undefined : `${parameter} må være 1 eller 2 / ${parameter} must be 1 or 2`;
    case 'onOxygen':
      return typeof value === 'boolean' ? undefined : `${parameter} må være true eller false / ${parameter} must be true or false`;
    case 'consciousness': {
      if ((CONSCIOUSNESS_LEVELS as readonly unknown[]).includes(value)) return undefined;
      const levels = CONSCIOUSNESS_LEVELS.join(', ');
      return `${parameter} må være én av ${levels} / ${parameter} must be one of ${levels}`;
    }
    case 'respirationRate':
    case 'spo2':
    case 'systolicBp':
    case 'pulse':
    case 'temperature': {
      const { min, max, wholeNumber, unit } = NEWS2_LIMITS[parameter];
      const ok = typeof value === 'number' && value >= min && value <= max && (!wholeNumber || Number.isInteger(value));
      if (ok) return undefined;
      const nb = wholeNumber ? 'et heltall' : 'et tall';
      const en = wholeNumber ? 'a whole number' : 'a number';
      return `${parameter} må være ${nb} fra ${min} til ${max} ${unit} / ${parameter} must be ${en} from ${min} to ${max} ${unit}`;
    }
    default:
      return parameter satisfies never;
  }
}

/** Every missing or impossible parameter (path = the field), in chart order; empty when the input can be scored. */
export function news2Issues(candidate: unknown): News2Issue[] {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
    return [{ path: '', message: NEWS2_NOT_AN_OBJECT_MESSAGE }];
  }
  const fields = candidate as Readonly<Record<string, unknown>>;
  const issues: News2Issue[] = [];
  for (const parameter of NEWS2_PARAMETERS) {
    const value = fields[parameter];
    const message = value === undefined || value === null ? news2MissingMessage(parameter) : news2ValueProblem(parameter, value);
    if (message !== undefined) issues.push({ path: parameter, message });
  }
  return issues;
}

// ── Scoring ────────────────────────────────────────────────────────────────────────────────
// Thresholds are the upper edges of the table's bands; with whole numbers that is the table
// exactly. Plain comparisons and nothing allocated but the result, so forms can rescore on
// every keystroke and a batch of charted observations costs next to nothing.

/** Scores valid input (see `validateNews2Input`); the table, row by row. */
export function scoreNews2(input: News2Input): News2Result {
  const respirationRate = respirationRateScore(input.respirationRate);
  const spo2 = spo2Score(input.spo2, input.spo2Scale, input.onOxygen);
  const onOxygen = oxygenScore(input.onOxygen);
  const systolicBp = systolicBpScore(input.systolicBp);
  const pulse = pulseScore(input.pulse);
  const consciousness = consciousnessScore(input.consciousness);
  const temperature = temperatureScore(input.temperature);
  const total = respirationRate + spo2 + onOxygen + systolicBp + pulse + consciousness + temperature;
  const anySingleThree = respirationRate === 3 || spo2 === 3 || systolicBp === 3 || pulse === 3 || consciousness === 3 || temperature === 3;
  return {
    total,
    scores: { respirationRate, spo2, onOxygen, systolicBp, pulse, consciousness, temperature },
    risk: news2Risk(total, anySingleThree),
  };
}

/** A single parameter scoring this is a "red score": an urgent response even when the total is low. */
export const RED_PARAMETER_SCORE = 3;

/**
 * Scores every parameter that is present and valid, so a red single parameter (a 3) shows as
 * soon as it is typed, before the set is complete. Missing or impossible values get no score.
 * SpO₂ is scored on scale 1 unless scale 2 is given; on scale 2 a reading of 93 or more depends
 * on oxygen, so it gets no score until `onOxygen` is known.
 */
export function scoreNews2Parameters(partial: Readonly<Partial<Record<News2Parameter, unknown>>>): Partial<News2Scores> {
  const valid = <P extends News2Parameter>(p: P): News2Input[P] | undefined => {
    const value = partial[p];
    return value === undefined || value === null || news2ValueProblem(p, value) !== undefined ? undefined : (value as News2Input[P]);
  };
  const scores: { -readonly [P in ScoredParameter]?: ParameterScore } = {};
  const rr = valid('respirationRate');
  if (rr !== undefined) scores.respirationRate = respirationRateScore(rr);
  const spo2 = valid('spo2');
  const scale = valid('spo2Scale') ?? 1;
  const oxygen = valid('onOxygen');
  if (spo2 !== undefined && (scale === 1 || spo2 <= 92 || oxygen !== undefined)) scores.spo2 = spo2Score(spo2, scale, oxygen ?? false);
  if (oxygen !== undefined) scores.onOxygen = oxygenScore(oxygen);
  const sbp = valid('systolicBp');
  if (sbp !== undefined) scores.systolicBp = systolicBpScore(sbp);
  const hr = valid('pulse');
  if (hr !== undefined) scores.pulse = pulseScore(hr);
  const level = valid('consciousness');
  if (level !== undefined) scores.consciousness = consciousnessScore(level);
  const temperature = valid('temperature');
  if (temperature !== undefined) scores.temperature = temperatureScore(temperature);
  return scores;
}

/** The parameters scoring {@link RED_PARAMETER_SCORE}, in chart order. */
export function redParameters(scores: Partial<News2Scores>): ScoredParameter[] {
  return NEWS2_PARAMETERS.filter((p): p is ScoredParameter => p !== 'spo2Scale' && scores[p] === RED_PARAMETER_SCORE);
}

const respirationRateScore = (rr: number): ParameterScore => (rr <= 8 ? 3 : rr <= 11 ? 1 : rr <= 20 ? 0 : rr <= 24 ? 2 : 3);
const spo2Score = (spo2: number, scale: Spo2Scale, onOxygen: boolean): ParameterScore =>
  scale === 2 ? spo2Scale2Score(spo2, onOxygen) : spo2Scale1Score(spo2);
const oxygenScore = (onOxygen: boolean): ParameterScore => (onOxygen ? 2 : 0);
const systolicBpScore = (sbp: number): ParameterScore => (sbp <= 90 ? 3 : sbp <= 100 ? 2 : sbp <= 110 ? 1 : sbp <= 219 ? 0 : 3);
const pulseScore = (hr: number): ParameterScore => (hr <= 40 ? 3 : hr <= 50 ? 1 : hr <= 90 ? 0 : hr <= 110 ? 1 : hr <= 130 ? 2 : 3);
const consciousnessScore = (level: Consciousness): ParameterScore => (level === 'alert' ? 0 : 3);

/**
 * The table is in tenths of a degree; a reading with more decimals is first rounded to tenths,
 * and comparing whole tenths keeps 36.0 vs 36.1 free of floating-point edges.
 */
function temperatureScore(temperature: number): ParameterScore {
  const tenths = Math.round(temperature * 10);
  return tenths <= 350 ? 3 : tenths <= 360 ? 1 : tenths <= 380 ? 0 : tenths <= 390 ? 1 : 2;
}

/** The clinical risk band: 0–4 is low, or low-medium when any single parameter scored 3; 5–6 medium; ≥7 high. */
export function news2Risk(total: number, anySingleParameterScoredThree: boolean): News2Risk {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  return anySingleParameterScoredThree ? 'low-medium' : 'low';
}

function spo2Scale1Score(spo2: number): ParameterScore {
  return spo2 <= 91 ? 3 : spo2 <= 93 ? 2 : spo2 <= 95 ? 1 : 0;
}

/** 88–92 scores 0, and so does ≥93 on air: above the target range only oxygen is a concern. */
function spo2Scale2Score(spo2: number, onOxygen: boolean): ParameterScore {
  if (spo2 <= 83) return 3;
  if (spo2 <= 85) return 2;
  if (spo2 <= 87) return 1;
  if (spo2 <= 92 || !onOxygen) return 0;
  return spo2 <= 94 ? 1 : spo2 <= 96 ? 2 : 3;
}
