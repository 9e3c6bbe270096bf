/**
 * The tab shell's URLs. Everything lives under `/app/`, so a deep link works in a browser
 * and Teams can open any screen as a tab's `contentUrl`.
 */
import { isLinkableId, parseSubEntityId } from '../../server/src/shared/deep-links';
import type { Role, Section } from './i18n';

export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'consultations'; readonly view: 'mine' | 'calendar' }
  | { readonly name: 'consultation'; readonly id: string }
  | { readonly name: 'emergency' }
  | { readonly name: 'emergency-call'; readonly id: string }
  | { readonly name: 'amk' }
  | { readonly name: 'advice'; readonly specialty: string | undefined }
  | { readonly name: 'advice-request'; readonly id: string }
  | { readonly name: 'roster' }
  | { readonly name: 'admin' }
  | { readonly name: 'config' }
  | { readonly name: 'not-found'; readonly path: string };

export const BASE = '/app';

/** The `?view=` values the Teams manifest uses for static tabs. */
const MANIFEST_VIEWS: Readonly<Record<string, string>> = { 'mine-samtaler': `${BASE}/samtaler` };

const SPECIALTY_PATTERN = /^[a-z0-9-]{1,64}$/;

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const rest = pathname.startsWith(`${BASE}/`) ? pathname.slice(BASE.length + 1) : pathname === BASE ? '' : undefined;
  if (rest === undefined) return { name: 'not-found', path: pathname };
  const [section = '', id, ...extra] = rest.replace(/\/+$/, '').split('/').map(safeDecode);
  if (extra.length > 0 || (id !== undefined && !isLinkableId(id))) return { name: 'not-found', path: pathname };
  switch (section) {
    case '':
      return id === undefined ? { name: 'home' } : { name: 'not-found', path: pathname };
    case 'samtaler':
      if (id !== undefined) return { name: 'consultation', id };
      return { name: 'consultations', view: params.get('visning') === 'kalender' ? 'calendar' : 'mine' };
    case 'akutt':
      return id === undefined ? { name: 'emergency' } : { name: 'emergency-call', id };
    case 'konferer': {
      if (id !== undefined) return { name: 'advice-request', id };
      const fag = params.get('fag') ?? undefined;
      return { name: 'advice', specialty: fag && SPECIALTY_PATTERN.test(fag) ? fag : undefined };
    }
    case 'amk':
    case 'vaktplan':
    case 'admin':
    case 'config':
      if (id !== undefined) return { name: 'not-found', path: pathname };
      return { name: section === 'amk' ? 'amk' : section === 'vaktplan' ? 'roster' : section };
    default:
      return { name: 'not-found', path: pathname };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'home':
      return `${BASE}/`;
    case 'consultations':
      return route.view === 'calendar' ? `${BASE}/samtaler?visning=kalender` : `${BASE}/samtaler`;
    case 'consultation':
      return `${BASE}/samtaler/${encodeURIComponent(route.id)}`;
    case 'emergency':
      return `${BASE}/akutt`;
    case 'emergency-call':
      return `${BASE}/akutt/${encodeURIComponent(route.id)}`;
    case 'amk':
      return `${BASE}/amk`;
    case 'advice':
      return route.specialty ? `${BASE}/konferer?fag=${encodeURIComponent(route.specialty)}` : `${BASE}/konferer`;
    case 'advice-request':
      return `${BASE}/konferer/${encodeURIComponent(route.id)}`;
    case 'roster':
      return `${BASE}/vaktplan`;
    case 'admin':
      return `${BASE}/admin`;
    case 'config':
      return `${BASE}/config`;
    case 'not-found':
      return route.path;
    default:
      return route satisfies never;
  }
}

/**
 * Where the shell should really be when it starts: Teams' `subEntityId` (a deep link) wins,
 * then a manifest `?view=`. `undefined` means stay.
 */
export function startRedirect(location: { pathname: string; search: string }, subEntityId?: string): string | undefined {
  const target = parseSubEntityId(subEntityId);
  if (target) {
    const route: Route =
      target.kind === 'consultation'
        ? { name: 'consultation', id: target.id }
        : target.kind === 'emergency-call'
          ? { name: 'emergency-call', id: target.id }
          : { name: 'advice-request', id: target.id };
    return hrefOf(route);
  }
  const view = new URLSearchParams(location.search).get('view');
  return view ? MANIFEST_VIEWS[view] : undefined;
}

export const SECTION_ROUTES: Readonly<Record<Section, Route>> = {
  home: { name: 'home' },
  consultations: { name: 'consultations', view: 'mine' },
  emergency: { name: 'emergency' },
  amk: { name: 'amk' },
  advice: { name: 'advice', specialty: undefined },
  roster: { name: 'roster' },
  admin: { name: 'admin' },
};

/** The navigation order. */
export const SECTIONS: readonly Section[] = ['home', 'consultations', 'emergency', 'amk', 'advice', 'roster', 'admin'];

/** Which roles each screen is made for; others may open it and are told it is not for them. */
export const SECTION_ROLES: Readonly<Record<Section, readonly Role[] | 'everyone'>> = {
  home: 'everyone',
  consultations: ['coordinator', 'specialist', 'gp', 'legevakt', 'municipality'],
  emergency: ['legevakt'],
  amk: ['amk'],
  advice: ['specialist', 'gp', 'legevakt'],
  roster: ['coordinator', 'admin', 'specialist'],
  admin: ['admin'],
};

export function isSectionFor(section: Section, roles: readonly string[]): boolean {
  const allowed = SECTION_ROLES[section];
  return allowed === 'everyone' || allowed.some((r) => roles.includes(r));
}

export function sectionOf(route: Route): Section | undefined {
  switch (route.name) {
    case 'home':
      return 'home';
    case 'consultations':
    case 'consultation':
      return 'consultations';
    case 'emergency':
    case 'emergency-call':
      return 'emergency';
    case 'amk':
      return 'amk';
    case 'advice':
    case 'advice-request':
      return 'advice';
    case 'roster':
      return 'roster';
    case 'admin':
      return 'admin';
    case 'config':
    case 'not-found':
      return undefined;
    default:
      return route satisfies never;
  }
}
