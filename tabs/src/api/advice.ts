/**
 * The typed calls of the advice service (konfereringskø, `/api/advice-requests`): asking, the
 * specialist's queue and stats, accepting, answering and joining — so a screen never builds a URL.
 */
import type {
  AdviceAcceptedDto,
  AdviceCreatedDto,
  AdviceJoinDto,
  AdviceQueueDto,
  AdviceRequestDto,
  AdviceSpecialtiesDto,
  AdviceStatsDto,
  OwnAdviceRequestsDto,
} from '../../../server/src/contracts/advice';
import type { Isbar } from '../../../server/src/contracts/summary';
import type { ApiClient } from './http';

const BASE = '/api/advice-requests';
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export interface AskForAdvice {
  readonly specialty: string;
  readonly priority: string;
  readonly isbar: Isbar;
  readonly callbackPhone?: string;
  readonly mode: string;
}

export function adviceApi(api: ApiClient) {
  return {
    specialties: () => api.call<AdviceSpecialtiesDto>('GET', `${BASE}/specialties`),
    ask: (body: AskForAdvice) => api.call<AdviceCreatedDto>('POST', BASE, body),
    get: (id: string) => api.call<AdviceRequestDto>('GET', one(id)),
    /** The signed-in requester's own requests: open ones and those of the last 30 days. */
    mine: () => api.call<OwnAdviceRequestsDto>('GET', `${BASE}/mine`),
    queue: (specialty: string) => api.call<AdviceQueueDto>('GET', `${BASE}?${new URLSearchParams({ specialty, status: 'waiting' })}`),
    stats: (specialty: string) => api.call<AdviceStatsDto>('GET', `${BASE}/stats?${new URLSearchParams({ specialty })}`),
    accept: (id: string) => api.call<AdviceAcceptedDto>('POST', `${one(id)}/accept`),
    decline: (id: string) => api.call<void>('POST', `${one(id)}/decline`),
    complete: (id: string, advice: Isbar) => api.call<AdviceRequestDto>('POST', `${one(id)}/complete`, { advice }),
    join: (id: string) => api.call<AdviceJoinDto>('POST', `${one(id)}/join`),
    withdraw: (id: string) => api.call<void>('DELETE', one(id)),
  };
}

export type AdviceApi = ReturnType<typeof adviceApi>;
