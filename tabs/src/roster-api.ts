/** The Vaktplan screen's typed calls to `/api/rosters/:specialty`. */
import type { OnCallDto, ReplaceRosterRequest, RosterChangeDto, RosterDto, RosterGapsDto, RosterPeopleDto } from '../../server/src/contracts/rosters';
import type { ApiClient } from './api';

const base = (specialty: string) => `/api/rosters/${encodeURIComponent(specialty)}`;

export function rosterApi(api: ApiClient) {
  return {
    list: (specialty: string, from: string, to: string) => api.call<RosterDto>('GET', `${base(specialty)}?${new URLSearchParams({ from, to })}`),
    onCall: (specialty: string) => api.call<OnCallDto>('GET', `${base(specialty)}/on-call`),
    gaps: (specialty: string) => api.call<RosterGapsDto>('GET', `${base(specialty)}/gaps`),
    people: (specialty: string) => api.call<RosterPeopleDto>('GET', `${base(specialty)}/people`),
    replace: (specialty: string, body: ReplaceRosterRequest) => api.call<RosterChangeDto>('PUT', base(specialty), body),
    importCsv: (specialty: string, text: string) => api.call<RosterChangeDto>('POST', `${base(specialty)}/import`, { text, contentType: 'text/csv' }),
  };
}
