/**
 * `npm run manifest`: fills the Teams manifest template from the environment, checks the
 * result against the v1.29 schema, and writes the app package Teams accepts — a .zip with
 * manifest.json, en-US.json, color.png and outline.png at its root.
 *
 *   npm run manifest                  PUBLIC_BASE_URL (https) and MICROSOFT_APP_ID required
 *   npm run manifest -- --dev         placeholder app id, http://localhost allowed
 *   npm run manifest -- --out DIR     write somewhere else than manifest/build/
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync, type Zippable } from 'fflate';
import { ConfigError } from '../server/src/config';
import { createValidators, localizationKeyProblems, pngSize, type AppPackageValidators } from './validate';

const MANIFEST_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(MANIFEST_DIR, '..');

/** Stands in for MICROSOFT_APP_ID with `--dev`; Teams will not run a bot with this id. */
export const DEV_PLACEHOLDER_APP_ID = '00000000-0000-4000-8000-000000000000';
export const APP_PACKAGE_FILE_NAME = 'samrom-teams-app.zip';
export const DEFAULT_OUT_DIR = path.join(MANIFEST_DIR, 'build');
/** Fixed so the same inputs give a byte-identical zip. */
const ZIP_ENTRY_MTIME = new Date(2024, 0, 1);

const ICONS = [
  { file: 'color.png', sizePx: 192 },
  { file: 'outline.png', sizePx: 32 },
] as const;
const LOCALIZATION_FILE = 'en-US.json';

export interface BuildManifestOptions {
  /**
   * Where PUBLIC_BASE_URL, MICROSOFT_APP_ID, AUTH_AUDIENCE and PORT are read from.
   * @defaultValue process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Development package: a missing MICROSOFT_APP_ID becomes {@link DEV_PLACEHOLDER_APP_ID}, and
   * PUBLIC_BASE_URL may be plain http or missing (then http://localhost:PORT).
   * @defaultValue false
   */
  readonly dev?: boolean;
  /** @defaultValue manifest/build */
  readonly outDir?: string;
  /** @defaultValue the version in package.json */
  readonly version?: string;
  /** Compiled schema checks; compiling takes about a second, so callers that build often pass them in. @defaultValue createValidators() */
  readonly validators?: AppPackageValidators;
}

export interface BuiltAppPackage {
  readonly manifest: TeamsManifest;
  readonly localization: Readonly<Record<string, string>>;
  readonly zipPath: string;
  /** Things that work but deserve a look, e.g. an SSO audience the server will not accept. */
  readonly warnings: readonly string[];
}

/** The parts of the manifest this project reads back; the schema validates the whole. */
export interface TeamsManifest {
  readonly id: string;
  readonly version: string;
  readonly accentColor: string;
  readonly localizationInfo: {
    readonly defaultLanguageTag: string;
    readonly additionalLanguages: readonly { readonly languageTag: string; readonly file: string }[];
  };
  readonly developer: { readonly name: string; readonly websiteUrl: string; readonly privacyUrl: string; readonly termsOfUseUrl: string };
  readonly icons: { readonly color: string; readonly outline: string };
  readonly bots: readonly {
    readonly botId: string;
    readonly scopes: readonly string[];
    readonly commandLists: readonly {
      readonly scopes: readonly string[];
      readonly commands: readonly { readonly title: string; readonly description: string }[];
    }[];
  }[];
  readonly staticTabs: readonly {
    readonly entityId: string;
    readonly name?: string;
    readonly contentUrl?: string;
    readonly websiteUrl?: string;
    readonly scopes: readonly string[];
  }[];
  readonly configurableTabs: readonly {
    readonly configurationUrl: string;
    readonly canUpdateConfiguration: boolean;
    readonly scopes: readonly string[];
    readonly context: readonly string[];
  }[];
  readonly webApplicationInfo: { readonly id: string; readonly resource: string };
  readonly validDomains: readonly string[];
}

/** Thrown when the filled manifest, the localization file or an icon would be refused by Teams. */
export class InvalidAppPackageError extends Error {
  readonly reason = 'invalid_app_package';
  constructor(readonly problems: readonly string[]) {
    super(`Ugyldig Teams-apppakke / invalid Teams app package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidAppPackageError';
  }
}

/** Fills the templates, validates everything, writes the files and the zip into `outDir`. */
export function buildManifest(options: BuildManifestOptions = {}): BuiltAppPackage {
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const { values, warnings } = templateValues(options.env ?? process.env, options.dev ?? false, options.version ?? packageVersion());

  const manifest = fill(readJson(path.join(MANIFEST_DIR, 'manifest.template.json')), values) as TeamsManifest;
  const localization = fill(readJson(path.join(MANIFEST_DIR, LOCALIZATION_FILE)), values) as Record<string, string>;
  const icons = ICONS.map((icon) => ({ ...icon, bytes: readFileSync(path.join(MANIFEST_DIR, 'icons', icon.file)) }));

  const validators = options.validators ?? createValidators();
  const problems = [
    ...validators.manifest(manifest).map((p) => `manifest.json ${p}`),
    ...validators.localization(localization).map((p) => `${LOCALIZATION_FILE} ${p}`),
    ...localizationKeyProblems(manifest, localization).map((p) => `${LOCALIZATION_FILE} ${p}`),
    ...icons.flatMap(({ file, sizePx, bytes }) => {
      const size = pngSize(bytes);
      return size?.width === sizePx && size.height === sizePx
        ? []
        : [`icons/${file}: må være en PNG på ${sizePx}×${sizePx} / must be a ${sizePx}×${sizePx} PNG`];
    }),
  ];
  if (problems.length > 0) throw new InvalidAppPackageError(problems);

  const files: Record<string, Uint8Array> = {
    'manifest.json': jsonBytes(manifest),
    [LOCALIZATION_FILE]: jsonBytes(localization),
    ...Object.fromEntries(icons.map(({ file, bytes }) => [file, new Uint8Array(bytes)])),
  };
  mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(outDir, name), bytes);
  const zipPath = path.join(outDir, APP_PACKAGE_FILE_NAME);
  const entries: Zippable = {};
  for (const [name, bytes] of Object.entries(files)) entries[name] = [bytes, { mtime: ZIP_ENTRY_MTIME }];
  writeFileSync(zipPath, zipSync(entries, { level: 9 }));

  return { manifest, localization, zipPath, warnings };
}

interface TemplateValues {
  readonly values: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const TEAMS_VERSION = /^\d+\.\d+\.\d+$/;

/** The values the templates' `{{NAME}}` placeholders stand for; every problem names its variable. */
function templateValues(env: Readonly<Record<string, string | undefined>>, dev: boolean, version: string): TemplateValues {
  const problems: string[] = [];
  const warnings: string[] = [];
  const devHint = '(bruk --dev for en utviklingspakke / pass --dev for a development package)';

  let appId = env.MICROSOFT_APP_ID?.trim() || undefined;
  if (!appId) {
    if (dev) {
      appId = DEV_PLACEHOLDER_APP_ID;
      warnings.push(`MICROSOFT_APP_ID: ikke satt, bruker plassholderen ${appId} / not set, using the placeholder ${appId}`);
    } else {
      problems.push(
        `MICROSOFT_APP_ID: må være satt til Azure Bot-registreringens app-id / must be set to the Azure Bot registration's app id (a GUID) ${devHint}`,
      );
    }
  } else if (!GUID.test(appId)) {
    problems.push('MICROSOFT_APP_ID: må være en GUID / must be a GUID');
  }

  const rawBaseUrl = env.PUBLIC_BASE_URL?.trim() || undefined;
  let baseUrl: URL | undefined;
  if (!rawBaseUrl) {
    if (dev) baseUrl = new URL(`http://localhost:${env.PORT?.trim() || '3978'}`);
    else
      problems.push(
        `PUBLIC_BASE_URL: må være satt til https-adressen Teams når Samrom på / must be set to the https address Teams reaches Samrom at ${devHint}`,
      );
  } else if (!URL.canParse(rawBaseUrl)) {
    problems.push('PUBLIC_BASE_URL: er ikke en gyldig URL / is not a valid URL');
  } else {
    baseUrl = new URL(rawBaseUrl);
    if (baseUrl.protocol !== 'https:' && !(dev && baseUrl.protocol === 'http:')) {
      problems.push(`PUBLIC_BASE_URL: Teams laster faner bare over https / Teams loads tabs over https only ${devHint}`);
    }
    if (baseUrl.search || baseUrl.hash) problems.push('PUBLIC_BASE_URL: kan ikke ha ?spørring eller #fragment / must not have a query or fragment');
  }

  if (!TEAMS_VERSION.test(version)) problems.push(`version (package.json): Teams krever x.y.z, fikk ${version} / Teams requires x.y.z, got ${version}`);
  if (problems.length > 0 || !appId || !baseUrl) throw new ConfigError(problems);

  const publicBaseUrl = baseUrl.href.replace(/\/+$/, '');
  const ssoResource = `api://${baseUrl.host}/${appId}`;
  const audience = env.AUTH_AUDIENCE?.trim();
  if (audience?.startsWith('api://') && audience !== ssoResource) {
    warnings.push(
      `AUTH_AUDIENCE (${audience}) er ikke ${ssoResource}, som Teams ber om SSO-token for; serveren vil avvise dem / differs from the SSO resource Teams requests tokens for; the server would refuse them`,
    );
  }
  if (dev && baseUrl.protocol === 'http:') {
    warnings.push('PUBLIC_BASE_URL: http fungerer i Agents Playground, men Teams krever https / http works in the Agents Playground, Teams needs https');
  }
  return {
    values: { MICROSOFT_APP_ID: appId, PUBLIC_BASE_URL: publicBaseUrl, PUBLIC_HOST: baseUrl.host, SSO_RESOURCE: ssoResource, VERSION: version },
    warnings,
  };
}

/** Replaces `{{NAME}}` in every string of a parsed template; an unknown name is a template bug. */
function fill(node: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof node === 'string') {
    return node.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new InvalidAppPackageError([`{{${name}}}: ukjent plassholder i malen / unknown template placeholder`]);
      return value;
    });
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, values));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value, values)]));
  }
  return node;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

function packageVersion(): string {
  const pkg = readJson(path.join(REPO_ROOT, 'package.json')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '';
}

export interface CliOutput {
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

/** The `npm run manifest` command: 0 when the package was written, 1 with the reasons when not. */
export function runManifestCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  print: CliOutput = { log: (l) => console.log(l), error: (l) => console.error(l) },
): number {
  let args: { dev?: boolean; out?: string };
  try {
    args = parseArgs({ args: [...argv], options: { dev: { type: 'boolean' }, out: { type: 'string' } } }).values;
  } catch (err) {
    print.error(`${err instanceof Error ? err.message : String(err)}\nBruk / usage: npm run manifest -- [--dev] [--out DIR]`);
    return 1;
  }
  try {
    const built = buildManifest({ env, dev: args.dev ?? false, outDir: args.out });
    for (const warning of built.warnings) print.error(`Advarsel / warning: ${warning}`);
    print.log(`Teams-apppakke / Teams app package: ${built.zipPath}`);
    print.log(`  app id ${built.manifest.id}, versjon / version ${built.manifest.version}, domene / domain ${built.manifest.validDomains.join(', ')}`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof InvalidAppPackageError) {
      print.error(err.message);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = runManifestCli(process.argv.slice(2));
}
