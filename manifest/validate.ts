/**
 * Checks an app package's parts the way Teams will: the manifest against the v1.29 schema, the
 * localization file against its schema and against the manifest, and the icons' PNG sizes.
 * The schemas are committed copies (manifest/schema/) so nothing here needs the network or
 * the shared folder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const SCHEMA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema');
export const MANIFEST_SCHEMA_PATH = path.join(SCHEMA_DIR, 'MicrosoftTeams.schema.v1.29.json');
export const LOCALIZATION_SCHEMA_PATH = path.join(SCHEMA_DIR, 'MicrosoftTeams.Localization.schema.json');

export interface AppPackageValidators {
  /** Problems with the manifest, one line each; empty when it is valid. */
  readonly manifest: (manifest: unknown) => string[];
  /** Problems with a localization file, one line each; empty when it is valid. */
  readonly localization: (localization: unknown) => string[];
}

/**
 * Compiles both schemas (a few hundred milliseconds, so build once and reuse).
 * Both are JSON Schema draft-04, hence `ajv-draft-04`. Strict mode is off because the
 * published schemas break its style rules, and `unicodeRegExp` is off because one pattern in
 * the localization schema (`\b]`) is not a valid regular expression under the `u` flag.
 */
export function createValidators(
  schemaPaths: { readonly manifest: string; readonly localization: string } = {
    manifest: MANIFEST_SCHEMA_PATH,
    localization: LOCALIZATION_SCHEMA_PATH,
  },
): AppPackageValidators {
  const compile = (file: string): ValidateFunction => {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
  };
  const manifest = compile(schemaPaths.manifest);
  const localization = compile(schemaPaths.localization);
  return {
    manifest: (value) => (manifest(value) ? [] : describe(manifest.errors)),
    localization: (value) => (localization(value) ? [] : describe(localization.errors)),
  };
}

function describe(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${paramsText(e)}`);
}

function paramsText(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return ` (${String((e.params as { additionalProperty: string }).additionalProperty)})`;
  if (e.keyword === 'enum') return ` (${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)})`;
  return '';
}

/**
 * Localization keys are paths into the manifest (`staticTabs[0].name`); one that points at
 * nothing would be ignored by Teams, so a translation would silently go missing.
 */
export function localizationKeyProblems(manifest: unknown, localization: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(localization)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    if (typeof resolvePath(manifest, key) !== 'string') {
      problems.push(`${key}: finnes ikke i manifestet / names no text in the manifest`);
    }
  }
  return problems;
}

/** `a.b[2].c` → root.a.b[2].c; undefined when the key does not parse or any step is missing. */
function resolvePath(root: unknown, key: string): unknown {
  const steps: (string | number)[] = [];
  for (const part of key.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match?.[1]) return undefined;
    steps.push(match[1], ...[...(match[2] ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  }
  let node: unknown = root;
  for (const step of steps) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { readonly width: number; readonly height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
