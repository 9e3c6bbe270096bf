/**
 * The typed calls of the rosters service (vaktplan, part of the advice line): a specialty's
 * roster, who is on call now, the gaps, the people who may be rostered, and replacing or
 * importing the roster.
 */
import type { OnCallDto, ReplaceRosterRequest, RosterChangeDto, RosterDto, RosterGapsDto, RosterPeopleDto } from '../../../server/src/contracts/rosters';
import type { ApiClient } from './http';

const base = (specialty: string) => `/api/rosters/${encodeURIComponent(specialty)}`;

export function rostersApi(api: ApiClient) {
  return {
    list: (specialty: string, from: string, to: string) => api.call<RosterDto>('GET', `${base(specialty)}?${new URLSearchParams({ from, to })}`),
    onCall: (specialty: string) => api.call<OnCallDto>('GET', `${base(specialty)}/on-call`),
    gaps: (specialty: string) => api.call<RosterGapsDto>('GET', `${base(specialty)}/gaps`),
    people: (specialty: string) => api.call<RosterPeopleDto>('GET', `${base(specialty)}/people`),
    replace: (specialty: string, body: ReplaceRosterRequest) => api.call<RosterChangeDto>('PUT', base(specialty), body),
    importCsv: (specialty: string, text: string) => api.call<RosterChangeDto>('POST', `${base(specialty)}/import`, { text, contentType: 'text/csv' }),
  };
}

export type RostersApi = ReturnType<typeof rostersApi>;
