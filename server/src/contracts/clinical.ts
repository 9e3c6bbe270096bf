/**
 * Clinical API schemas and DTOs (browser-safe): the tabs validate NEWS2 forms live with the same
 * schema the server parses requests with. The rules and messages come from the core (one table,
 * one set of limits); zod only carries them, one field at a time, so a form with several
 * problems hears about each of them at once, every issue's path naming its field.
 */
import { z } from 'zod';
import {
  CONSCIOUSNESS_LEVELS,
  NEWS2_NOT_AN_OBJECT_MESSAGE,
  type News2Input,
  type News2Parameter,
  type News2Result,
  news2MissingMessage,
  news2ValueProblem,
} from '../shared/news2';

export { CONSCIOUSNESS_LEVELS, NEWS2_LIMITS, NEWS2_PARAMETERS, RED_PARAMETER_SCORE, redParameters, scoreNews2Parameters } from '../shared/news2';
export type { News2Scores, ScoredParameter } from '../shared/news2';

/** `null` counts as missing: that is what a form sends for an empty field. */
const absent = (input: unknown) => input === undefined || input === null;

/** The type's own check with the core's messages, then the core's limits. */
function field<T extends z.ZodType>(parameter: News2Parameter, schema: (error: z.core.$ZodErrorMap) => T) {
  return schema((issue) => (absent(issue.input) ? news2MissingMessage(parameter) : news2ValueProblem(parameter, issue.input))).superRefine((value, ctx) => {
    const problem = news2ValueProblem(parameter, value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });
}

const News2Fields = {
  respirationRate: field('respirationRate', (error) => z.number({ error })),
  spo2: field('spo2', (error) => z.number({ error })),
  spo2Scale: field('spo2Scale', (error) => z.literal([1, 2], { error })),
  onOxygen: field('onOxygen', (error) => z.boolean({ error })),
  systolicBp: field('systolicBp', (error) => z.number({ error })),
  pulse: field('pulse', (error) => z.number({ error })),
  consciousness: field('consciousness', (error) => z.enum(CONSCIOUSNESS_LEVELS, { error })),
  temperature: field('temperature', (error) => z.number({ error })),
};

/** `POST /api/clinical/news2`: every field required; unknown fields are dropped. */
export const News2RequestSchema = z.object(News2Fields, { error: NEWS2_NOT_AN_OBJECT_MESSAGE });
export type News2Request = z.output<typeof News2RequestSchema>;

export interface News2ResponseDto {
  /** 0–20. */
  readonly total: number;
  /** Per scored parameter, 0–3 (`spo2Scale` only chooses the SpO₂ row, so it has no score). */
  readonly scores: {
    readonly respirationRate: number;
    readonly spo2: number;
    readonly onOxygen: number;
    readonly systolicBp: number;
    readonly pulse: number;
    readonly consciousness: number;
    readonly temperature: number;
  };
  readonly risk: 'low' | 'low-medium' | 'medium' | 'high';
}

// The wire shapes must stay the core's: a change on either side fails the type check here.
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type News2ContractMatchesCore = Assert<Same<News2Request, News2Input> | (News2Result extends News2ResponseDto ? true : false)>;
