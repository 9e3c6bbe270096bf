/**
 * The Teams app package: the generated manifest and localization file pass their published
 * schemas (committed copies in manifest/schema/), the zip is what Teams accepts, the icons
 * follow Teams' rules, and the bot's command list matches what the bot understands.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../bot/commands';
import { COMMAND_IDS, messagesFor } from '../../bot/messages';
import { DEV_PLACEHOLDER_APP_ID, buildManifest, runManifestCli, type BuiltAppPackage, type TeamsManifest } from '../../manifest/build';
import { BRAND_TEAL, renderIcons } from '../../manifest/icons/draw';
import { createValidators, localizationKeyProblems, type AppPackageValidators } from '../../manifest/validate';
import { ConfigError } from '../../server/src/config';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APP_ID = '3f2b8c1e-7a4d-4e6f-9b1a-2c3d4e5f6a7b';
const ENV = { PUBLIC_BASE_URL: 'https://samrom.helse-vest.example/', MICROSOFT_APP_ID: APP_ID };
const BASE = 'https://samrom.helse-vest.example';
const HOST = 'samrom.helse-vest.example';
const ZIP_ROOT_FILES = ['color.png', 'en-US.json', 'manifest.json', 'outline.png'];

let outDir: string;
let built: BuiltAppPackage;
let validators: AppPackageValidators;

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'samrom-manifest-'));
}

beforeAll(() => {
  validators = createValidators();
  outDir = tempDir();
  built = buildManifest({ env: ENV, outDir, validators });
});

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

function readPng(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

function pixels(png: PNG): { r: number; g: number; b: number; a: number }[] {
  const out = [];
  for (let i = 0; i < png.data.length; i += 4) {
    out.push({ r: png.data[i]!, g: png.data[i + 1]!, b: png.data[i + 2]!, a: png.data[i + 3]! });
  }
  return out;
}

describe('the generated manifest', () => {
  it('is valid against the Teams v1.29 schema', () => {
    expect(validators.manifest(built.manifest)).toEqual([]);
  });

  it('has an English localization file valid against the localization schema, whose keys all name manifest text', () => {
    expect(validators.localization(built.localization)).toEqual([]);
    expect(localizationKeyProblems(built.manifest, built.localization)).toEqual([]);
    expect(built.manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'nb-NO',
      additionalLanguages: [{ languageTag: 'en-US', file: 'en-US.json' }],
    });
  });

  it('uses the app id for the app, the bot and SSO, and the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(built.manifest.id).toBe(APP_ID);
    expect(built.manifest.bots[0]?.botId).toBe(APP_ID);
    expect(built.manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://${HOST}/${APP_ID}` });
    expect(built.manifest.version).toBe(pkg.version);
  });

  it('lists the host of PUBLIC_BASE_URL as a valid domain, without a scheme', () => {
    expect(built.manifest.validDomains).toContain(HOST);
    for (const domain of built.manifest.validDomains) expect(domain).not.toMatch(/^[a-z]+:\/\/|\//i);
  });

  it('points the tabs and developer links at PUBLIC_BASE_URL', () => {
    const personal = built.manifest.staticTabs.find((t) => t.entityId === 'mine-samtaler');
    expect(personal).toMatchObject({
      name: 'Mine samtaler',
      contentUrl: `${BASE}/app/?inTeams=1&view=mine-samtaler`,
      websiteUrl: `${BASE}/app/?view=mine-samtaler`,
      scopes: ['personal'],
    });
    expect(built.manifest.staticTabs.map((t) => t.entityId)).toEqual(['mine-samtaler', 'conversations', 'about']);
    expect(built.manifest.configurableTabs).toEqual([
      expect.objectContaining({
        configurationUrl: `${BASE}/app/config?inTeams=1`,
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
      }),
    ]);
    expect(built.manifest.configurableTabs[0]?.context).toContain('channelTab');
    expect(built.manifest.developer).toEqual({
      name: 'Samrom',
      websiteUrl: `${BASE}/app/`,
      privacyUrl: `${BASE}/personvern`,
      termsOfUseUrl: `${BASE}/vilkar`,
    });
    expect(JSON.stringify(built.manifest)).not.toContain('{{');
  });

  it('is in Norwegian with the accent colour of the icon', () => {
    expect(built.manifest.accentColor).toBe(BRAND_TEAL);
    expect(built.localization['name.short']).toBe('Samrom');
    expect(built.localization['staticTabs[0].name']).toBe('My meetings');
  });
});

describe('the bot command list', () => {
  const EXPECTED_TITLES = ['hjelp', 'book samtale', 'akutt', 'konferer', 'mine vakter', 'status'];

  function commands(manifest: TeamsManifest) {
    const bot = manifest.bots[0];
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot?.commandLists).toHaveLength(1);
    expect(bot?.commandLists[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
    return bot?.commandLists[0]?.commands ?? [];
  }

  it('lists exactly the six Norwegian commands, each with a description', () => {
    const list = commands(built.manifest);
    expect(list.map((c) => c.title)).toEqual(EXPECTED_TITLES);
    for (const command of list) expect(command.description.trim()).not.toBe('');
  });

  it('lists only what the bot understands, described as the bot describes it in both languages', () => {
    const list = commands(built.manifest);
    const [help, ...rest] = list;
    expect(parseCommand(help?.title)).toEqual({ kind: 'help' });
    const nb = messagesFor('nb-NO').commands;
    const en = messagesFor('en-US').commands;
    expect(rest.map((c) => parseCommand(c.title))).toEqual(COMMAND_IDS.map((id) => ({ kind: 'command', id })));
    expect(rest.map((c) => c.description)).toEqual(COMMAND_IDS.map((id) => nb[id].description));
    expect(rest.map((_, i) => built.localization[`bots[0].commandLists[0].commands[${i + 1}].description`])).toEqual(
      COMMAND_IDS.map((id) => en[id].description),
    );
  });
});

describe('the app package zip', () => {
  let entries: Record<string, Uint8Array>;
  beforeAll(() => {
    entries = unzipSync(new Uint8Array(readFileSync(built.zipPath)));
  });

  it('holds exactly the manifest, the localization file and the two icons at its root', () => {
    expect(path.dirname(built.zipPath)).toBe(outDir);
    expect(Object.keys(entries).sort()).toEqual(ZIP_ROOT_FILES);
  });

  it('carries a manifest.json that parses and passes the schema, and the same icons as the source', () => {
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as unknown;
    expect(manifest).toEqual(built.manifest);
    expect(validators.manifest(manifest)).toEqual([]);
    const localization = JSON.parse(new TextDecoder().decode(entries['en-US.json'])) as unknown;
    expect(validators.localization(localization)).toEqual([]);
    for (const icon of ['color.png', 'outline.png']) {
      expect(Buffer.from(entries[icon]!).equals(readFileSync(path.join(repoRoot, 'manifest/icons', icon)))).toBe(true);
    }
  });

  it('is byte-identical when built twice from the same inputs', () => {
    const again = tempDir();
    try {
      const second = buildManifest({ env: ENV, outDir: again, validators });
      expect(readFileSync(second.zipPath).equals(readFileSync(built.zipPath))).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('the icons', () => {
  const color = () => readPng(readFileSync(path.join(repoRoot, 'manifest/icons/color.png')));
  const outline = () => readPng(readFileSync(path.join(repoRoot, 'manifest/icons/outline.png')));

  it('are 192×192 (colour) and 32×32 (outline)', () => {
    expect([color().width, color().height]).toEqual([192, 192]);
    expect([outline().width, outline().height]).toEqual([32, 32]);
  });

  it('outline: only white pixels with alpha on a transparent background', () => {
    const all = pixels(outline());
    const notWhite = all.filter((p) => p.a > 0 && (p.r !== 255 || p.g !== 255 || p.b !== 255));
    expect(notWhite).toEqual([]);
    expect(all.some((p) => p.a === 0)).toBe(true);
    expect(all.some((p) => p.a === 255)).toBe(true);
    // A mark, not a filled square: a good share of each.
    const opaqueShare = all.filter((p) => p.a === 255).length / all.length;
    expect(opaqueShare).toBeGreaterThan(0.15);
    expect(opaqueShare).toBeLessThan(0.6);
  });

  it('colour: a full-bleed, opaque icon with a white mark on the brand colours', () => {
    const all = pixels(color());
    expect(all.every((p) => p.a === 255)).toBe(true);
    expect(all.some((p) => p.r === 255 && p.g === 255 && p.b === 255)).toBe(true);
    expect(new Set(all.map((p) => `${p.r},${p.g},${p.b}`)).size).toBeGreaterThan(50);
  });

  it('are what manifest/icons/draw.ts renders, so they can be reproduced', () => {
    const rendered = renderIcons();
    for (const [committed, fresh] of [
      [color(), readPng(rendered.color)],
      [outline(), readPng(rendered.outline)],
    ] as const) {
      expect([fresh.width, fresh.height]).toEqual([committed.width, committed.height]);
      // Allow rounding differences between rasteriser builds, not a different drawing.
      const maxDiff = committed.data.reduce((max, v, i) => Math.max(max, Math.abs(v - fresh.data[i]!)), 0);
      expect(maxDiff).toBeLessThanOrEqual(2);
    }
  });
});

describe('the schema check', () => {
  it('refuses a manifest Teams would refuse', () => {
    const broken = { ...built.manifest, manifestVersion: '1.28', id: 'not-a-guid', developer: undefined };
    const problems = validators.manifest(JSON.parse(JSON.stringify(broken)));
    expect(problems.join('\n')).toMatch(/manifestVersion/);
    expect(problems.join('\n')).toMatch(/\/id /);
    expect(problems.join('\n')).toMatch(/developer/);
  });

  it('refuses a localization file with a key Teams does not know or naming missing manifest text', () => {
    expect(validators.localization({ ...built.localization, 'name.nickname': 'x' })).not.toEqual([]);
    expect(localizationKeyProblems(built.manifest, { 'staticTabs[7].name': 'Nowhere' })).toHaveLength(1);
  });
});

describe('npm run manifest', () => {
  function capture() {
    const out = { log: [] as string[], error: [] as string[] };
    return { out, print: { log: (l: string) => out.log.push(l), error: (l: string) => out.error.push(l) } };
  }

  it('fails naming MICROSOFT_APP_ID when it is not set', () => {
    const { out, print } = capture();
    const dir = tempDir();
    try {
      expect(runManifestCli(['--out', dir], { PUBLIC_BASE_URL: BASE }, print)).toBe(1);
      expect(out.error.join('\n')).toMatch(/MICROSOFT_APP_ID/);
      expect(out.error.join('\n')).toMatch(/--dev/);
      expect(() => buildManifest({ env: { PUBLIC_BASE_URL: BASE }, outDir: dir })).toThrow(ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a PUBLIC_BASE_URL that is missing or not https, naming it', () => {
    // Refused before anything is written, so the output directory is never created.
    const outDir = path.join(os.tmpdir(), 'samrom-manifest-never-written');
    for (const env of [{ MICROSOFT_APP_ID: APP_ID }, { MICROSOFT_APP_ID: APP_ID, PUBLIC_BASE_URL: 'http://samrom.example' }]) {
      expect(() => buildManifest({ env, outDir })).toThrow(/- PUBLIC_BASE_URL:/);
    }
  });

  it('with --dev uses the placeholder app id and localhost, and says so', () => {
    const { out, print } = capture();
    const dir = tempDir();
    try {
      expect(runManifestCli(['--dev', '--out', dir], { PORT: '4000' }, print)).toBe(0);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as TeamsManifest;
      expect(manifest.id).toBe(DEV_PLACEHOLDER_APP_ID);
      expect(manifest.bots[0]?.botId).toBe(DEV_PLACEHOLDER_APP_ID);
      expect(manifest.validDomains).toEqual(['localhost:4000']);
      expect(validators.manifest(manifest)).toEqual([]);
      expect(out.error.join('\n')).toMatch(/MICROSOFT_APP_ID.*placeholder/);
      expect(out.log.join('\n')).toContain(path.join(dir, 'samrom-teams-app.zip'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns when AUTH_AUDIENCE is an app id URI other than the SSO resource', () => {
    const dir = tempDir();
    try {
      const result = buildManifest({ env: { ...ENV, AUTH_AUDIENCE: 'api://other.example/x' }, outDir: dir, validators });
      expect(result.warnings.join('\n')).toMatch(/AUTH_AUDIENCE/);
      const aligned = buildManifest({ env: { ...ENV, AUTH_AUDIENCE: `api://${HOST}/${APP_ID}` }, outDir: dir, validators });
      expect(aligned.warnings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
