/**
 * zod at the edge for use cases that decide themselves when a bad body is refused: the parse
 * result as the core's ParsedInput (issue paths dotted, as the error handler writes them).
 */
import type { z } from 'zod';
import type { ParsedInput } from '../core/errors';

export function parsedInput<S extends z.ZodType>(schema: S, body: unknown): ParsedInput<z.output<S>> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}
