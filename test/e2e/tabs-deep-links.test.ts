/**
 * Deep links shared by the bot and the tabs, and how the shell turns Teams' `subEntityId` and
 * the manifest's `?view=` into a screen. Pure functions; no browser needed.
 */
import { describe, expect, it } from 'vitest';
import { PERSONAL_TAB_ENTITY_ID, appPath, browserUrl, parseSubEntityId, subEntityId, teamsAppLink, teamsDeepLink } from '../../server/src/shared/deep-links';
import { hrefOf, parseRoute, startRedirect } from '../../tabs/src/routes';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const BASE = 'https://samrom.example.no/';

describe('deep links', () => {
  it('builds a browser URL for each kind of item', () => {
    expect(browserUrl(BASE, { kind: 'consultation', id: 'c-1' })).toBe('https://samrom.example.no/app/samtaler/c-1');
    expect(browserUrl(BASE, { kind: 'emergency-call', id: 'e_2' })).toBe('https://samrom.example.no/app/akutt/e_2');
    expect(browserUrl(BASE, { kind: 'advice-request', id: 'A3' })).toBe('https://samrom.example.no/app/konferer/A3');
  });

  it('builds a Teams deep link to the personal tab whose subEntityId routes back to the same screen', () => {
    const link = new URL(teamsDeepLink({ teamsAppId: APP_ID, publicBaseUrl: BASE, target: { kind: 'consultation', id: 'c-1' } }));
    expect(`${link.origin}${link.pathname}`).toBe(`https://teams.microsoft.com/l/entity/${APP_ID}/${PERSONAL_TAB_ENTITY_ID}`);
    expect(link.searchParams.get('webUrl')).toBe('https://samrom.example.no/app/samtaler/c-1');
    expect(link.searchParams.get('label')).toBe('Samrom');
    const context = JSON.parse(link.searchParams.get('context')!) as { subEntityId: string };
    expect(context).toEqual({ subEntityId: 'samtaler/c-1' });
    expect(parseSubEntityId(context.subEntityId)).toEqual({ kind: 'consultation', id: 'c-1' });
    expect(teamsAppLink(APP_ID)).toBe(`https://teams.microsoft.com/l/app/${APP_ID}`);
  });

  it('refuses ids that could leave the path, and ignores unknown subEntityIds', () => {
    expect(() => appPath({ kind: 'consultation', id: '../admin' })).toThrow(RangeError);
    expect(() => appPath({ kind: 'consultation', id: '' })).toThrow(RangeError);
    for (const bad of [undefined, '', 'samtaler', 'samtaler/a/b', 'admin/x', 'samtaler/a%2Fb', 'samtaler/<script>']) {
      expect(parseSubEntityId(bad), String(bad)).toBeUndefined();
    }
    expect(subEntityId({ kind: 'advice-request', id: 'r1' })).toBe('konferer/r1');
  });
});

describe('shell routes', () => {
  it('parses every screen and builds the same URL back', () => {
    const urls = [
      '/app/',
      '/app/samtaler',
      '/app/samtaler?visning=kalender',
      '/app/samtaler/abc',
      '/app/akutt',
      '/app/akutt/e1',
      '/app/amk',
      '/app/konferer',
      '/app/konferer?fag=kardiologi',
      '/app/konferer/r1',
      '/app/vaktplan',
      '/app/admin',
      '/app/config',
    ];
    for (const url of urls) {
      const { pathname, search } = new URL(url, BASE);
      const route = parseRoute(pathname, search);
      expect(route.name, url).not.toBe('not-found');
      expect(hrefOf(route)).toBe(url);
    }
    expect(parseRoute('/app/samtaler/a/b', '').name).toBe('not-found');
    expect(parseRoute('/app/vaktplan/x', '').name).toBe('not-found');
    expect(parseRoute('/app/nope', '').name).toBe('not-found');
  });

  it('starts on the screen a Teams deep link or the manifest view asks for', () => {
    expect(startRedirect({ pathname: '/app/', search: '?view=mine-samtaler' })).toBe('/app/samtaler');
    expect(startRedirect({ pathname: '/app/', search: '?view=mine-samtaler' }, 'akutt/e-9')).toBe('/app/akutt/e-9');
    expect(startRedirect({ pathname: '/app/', search: '' }, 'ukjent/1')).toBeUndefined();
    expect(startRedirect({ pathname: '/app/samtaler/abc', search: '' })).toBeUndefined();
  });
});
