/** The caller's API (`/api/citizen/*`), authenticated by the httpOnly cookie the SMS link set. */
import type { CitizenMeDto, CitizenVideoTokenDto } from '../../../server/src/contracts/citizen-video';
import type { Locale } from '../../../server/src/contracts/messages';

export class CitizenApiError extends Error {
  constructor(
    /** 0 when no answer came at all (offline). */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'CitizenApiError';
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, locale: Locale, body?: unknown, raw?: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': locale,
        ...(raw ? { 'content-type': raw.type || 'application/octet-stream' } : body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch {
    throw new CitizenApiError(0, 'network');
  }
  const payload = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!res.ok) throw new CitizenApiError(res.status, payload?.error?.message ?? res.statusText);
  return payload as T;
}

export const citizenApi = {
  me: (locale: Locale) => call<CitizenMeDto>('GET', '/api/citizen/me', locale),
  consent: (locale: Locale) => call<CitizenMeDto>('POST', '/api/citizen/consent', locale),
  location: (locale: Locale, position: { latitude: number; longitude: number; accuracy: number }) =>
    call<CitizenMeDto>('POST', '/api/citizen/location', locale, position),
  token: (locale: Locale) => call<CitizenVideoTokenDto>('POST', '/api/citizen/token', locale),
  photo: (locale: Locale, file: Blob) => call<{ n: number }>('POST', '/api/citizen/photo', locale, undefined, file),
};
