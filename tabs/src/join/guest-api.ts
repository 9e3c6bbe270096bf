/** The guest API (`/api/guest/*`), authenticated by the httpOnly session cookie the link set. */
import type { GuestMeDto, GuestStatus, VideoTokenDto } from '../../../server/src/contracts/joining';
import type { Locale } from '../../../server/src/contracts/messages';

export class GuestApiError extends Error {
  constructor(
    /** 0 when no answer came at all (offline). */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GuestApiError';
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, locale: Locale, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': locale, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new GuestApiError(0, 'network');
  }
  const payload = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!res.ok) throw new GuestApiError(res.status, payload?.error?.message ?? res.statusText);
  return payload as T;
}

export const guestApi = {
  me: (locale: Locale) => call<GuestMeDto>('GET', '/api/guest/me', locale),
  status: (locale: Locale) => call<{ status: GuestStatus }>('GET', '/api/guest/status', locale),
  enterLobby: (locale: Locale) => call<{ status: GuestStatus }>('POST', '/api/guest/lobby', locale),
  token: (locale: Locale, audioOnly: boolean) => call<VideoTokenDto>('POST', '/api/guest/token', locale, { audioOnly }),
};
