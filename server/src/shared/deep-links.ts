/**
 * Links to one consultation, emergency call or advice request, shared by the bot (cards,
 * proactive messages) and the tabs (routing). Browser-safe: no Node imports.
 *
 * Every target has a plain browser URL (`${publicBaseUrl}/app/samtaler/<id>`) and a Teams deep
 * link that opens Samrom's personal tab with `subEntityId` set to the same app path, which the
 * tab shell reads from `app.getContext()` (`page.subPageId`) and routes to.
 */

/** What a link points at. Ids are opaque (they never carry names or national ids). */
export type DeepLinkTarget =
  | { readonly kind: 'consultation'; readonly id: string }
  | { readonly kind: 'emergency-call'; readonly id: string }
  | { readonly kind: 'advice-request'; readonly id: string };

/**
 * The personal tab deep links open. The Teams manifest's static tab must use this `entityId`
 * and `contentUrl` `${publicBaseUrl}/app/?view=mine-samtaler`.
 */
export const PERSONAL_TAB_ENTITY_ID = 'mine-samtaler';

/** The first path segment under `/app/` for each kind. */
export const APP_SECTIONS = {
  consultation: 'samtaler',
  'emergency-call': 'akutt',
  'advice-request': 'konferer',
} as const satisfies Record<DeepLinkTarget['kind'], string>;

/** Opaque ids: letters, digits, `-` and `_`, at most 64 characters. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isLinkableId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** `/app/samtaler/<id>` and friends; throws on ids that could escape the path. */
export function appPath(target: DeepLinkTarget): string {
  if (!isLinkableId(target.id)) throw new RangeError(`not a linkable id: ${JSON.stringify(target.id)}`);
  return `/app/${APP_SECTIONS[target.kind]}/${target.id}`;
}

/** The plain browser URL; works outside Teams after sign-in. */
export function browserUrl(publicBaseUrl: string, target: DeepLinkTarget): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${appPath(target)}`;
}

/** The value Teams hands back as `page.subPageId`: the app path without `/app/`. */
export function subEntityId(target: DeepLinkTarget): string {
  return appPath(target).slice('/app/'.length);
}

/** Reads a `subEntityId` back into a target; anything unexpected gives `undefined`. */
export function parseSubEntityId(value: string | undefined | null): DeepLinkTarget | undefined {
  if (!value) return undefined;
  const [section, id, ...rest] = value.replace(/^\/?(app\/)?/, '').split('/');
  if (rest.length > 0 || !id || !isLinkableId(id)) return undefined;
  for (const kind of Object.keys(APP_SECTIONS) as DeepLinkTarget['kind'][]) {
    if (APP_SECTIONS[kind] === section) return { kind, id };
  }
  return undefined;
}

export interface TeamsDeepLinkOptions {
  /** The Teams app id (the manifest `id`). */
  readonly teamsAppId: string;
  readonly publicBaseUrl: string;
  readonly target: DeepLinkTarget;
  /** The tab's title in Teams while it opens. @defaultValue "Samrom" */
  readonly label?: string;
  /** @defaultValue PERSONAL_TAB_ENTITY_ID */
  readonly entityId?: string;
}

/**
 * `https://teams.microsoft.com/l/entity/<appId>/<entityId>?webUrl=…&label=…&context={"subEntityId":"…"}`;
 * `webUrl` is the browser fallback Teams offers where the app is not installed.
 */
export function teamsDeepLink(options: TeamsDeepLinkOptions): string {
  const entityId = options.entityId ?? PERSONAL_TAB_ENTITY_ID;
  const params = [
    `webUrl=${encodeURIComponent(browserUrl(options.publicBaseUrl, options.target))}`,
    `label=${encodeURIComponent(options.label ?? 'Samrom')}`,
    `context=${encodeURIComponent(JSON.stringify({ subEntityId: subEntityId(options.target) }))}`,
  ];
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(options.teamsAppId)}/${encodeURIComponent(entityId)}?${params.join('&')}`;
}

/** A link to a screen: into the Samrom app in Teams when its id is configured, else the plain URL. */
export function screenLink(o: { readonly publicBaseUrl: string; readonly teamsAppId?: string | undefined }, target: DeepLinkTarget): string {
  return o.teamsAppId ? teamsDeepLink({ teamsAppId: o.teamsAppId, publicBaseUrl: o.publicBaseUrl, target }) : browserUrl(o.publicBaseUrl, target);
}

/** A link that opens the Samrom app itself in Teams (no particular tab). */
export function teamsAppLink(teamsAppId: string): string {
  return `https://teams.microsoft.com/l/app/${encodeURIComponent(teamsAppId)}`;
}

/** A guest's personal join link: `${publicBaseUrl}/join/<token>` (the token is base64url). */
export function guestJoinUrl(publicBaseUrl: string, token: string): string {
  if (!/^[A-Za-z0-9_-]{22,128}$/.test(token)) throw new RangeError('not a join token');
  return `${publicBaseUrl.replace(/\/+$/, '')}/join/${token}`;
}
