/**
 * The signed-in person and how one signs in: `/api/me`, the development sign-in (which sends no
 * bearer token: it is how one gets one), and the administrator's view of the directory.
 */
import type { DevPersonDto, MeDto, PersonDto } from '../../../server/src/contracts/api';
import type { ApiClient } from './http';

export interface DevSignInResponse {
  readonly token: string;
  readonly expiresAt: string;
  readonly person: { readonly id: string; readonly name: string; readonly roles: readonly string[] };
}

export function sessionApi(api: ApiClient) {
  return {
    me: () => api.call<MeDto>('GET', '/api/me'),
    devPeople: () => api.call<{ people: DevPersonDto[] }>('GET', '/api/dev/people', undefined, { auth: false }),
    devSignIn: (personId: string) => api.call<DevSignInResponse>('POST', '/api/dev/sign-in', { personId }, { auth: false }),
    /** The whole directory, for the administrator's screen. */
    directory: () => api.call<{ people: PersonDto[] }>('GET', '/api/admin/directory'),
  };
}
