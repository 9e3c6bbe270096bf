/**
 * The typed calls of the consultations service (samtaler): booking and changing meetings, the
 * after-meeting summary and attendance export, the lobby and joining — for the clinician's tab
 * (bearer token) and for the guest's join page (the personal link's cookie). Every URL of the
 * service the browser uses is here, so a screen never builds one.
 */
import type {
  ClinicianDto,
  ConsultationDto,
  ConsultationListDto,
  CreateConsultationRequest,
  ListScope,
  UpdateConsultationRequest,
} from '../../../server/src/contracts/consultations';
import type { GuestMeDto, GuestStatus, LobbyDto, VideoTokenDto } from '../../../server/src/contracts/joining';
import type { Locale } from '../../../server/src/contracts/messages';
import type { SaveSummaryRequest, SummaryResponseDto } from '../../../server/src/contracts/summary';
import { type ApiClient, type ApiFile, createApiClient } from './http';

const BASE = '/api/consultations';
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export interface ConsultationQuery {
  readonly from?: string;
  readonly to?: string;
  readonly scope?: ListScope;
}

export function consultationsApi(api: ApiClient) {
  return {
    list: (query: ConsultationQuery) => {
      const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
      const search = params.toString();
      return api.call<ConsultationListDto>('GET', `${BASE}${search ? `?${search}` : ''}`);
    },
    get: (id: string) => api.call<ConsultationDto>('GET', one(id)),
    book: (body: CreateConsultationRequest) => api.call<ConsultationDto>('POST', BASE, body),
    update: (id: string, body: UpdateConsultationRequest) => api.call<ConsultationDto>('PATCH', one(id), body),
    cancel: (id: string) => api.call<ConsultationDto>('POST', `${one(id)}/cancel`),
    /** The clinicians who may be booked into a meeting. */
    clinicians: () => api.call<{ people: ClinicianDto[] }>('GET', '/api/directory/clinicians'),
    summary: (id: string) => api.call<SummaryResponseDto>('GET', `${one(id)}/summary`),
    saveSummary: (id: string, summary: SaveSummaryRequest) => api.call<SummaryResponseDto>('PUT', `${one(id)}/summary`, summary),
    /** The attendance export as a CSV file, with the name the server gives it. */
    attendanceCsv: (id: string): Promise<ApiFile> => api.file(`${one(id)}/attendance.csv`),
    /** The guests waiting in the lobby. */
    lobby: (id: string) => api.call<LobbyDto>('GET', `${one(id)}/lobby`),
    admit: (id: string, participantId: string) => api.call<LobbyDto>('POST', `${one(id)}/admit`, { participantId }),
    /** The clinician's own video token. */
    join: (id: string, audioOnly = false) => api.call<VideoTokenDto>('POST', `${one(id)}/join`, { audioOnly }),
  };
}

export type ConsultationsApi = ReturnType<typeof consultationsApi>;

/** The guest's calls (`/api/guest/*`), authenticated by the httpOnly cookie the personal link set. */
const guest = (locale: Locale) => createApiClient({ locale });

export const guestApi = {
  me: (locale: Locale) => guest(locale).call<GuestMeDto>('GET', '/api/guest/me'),
  status: (locale: Locale) => guest(locale).call<{ status: GuestStatus }>('GET', '/api/guest/status'),
  enterLobby: (locale: Locale) => guest(locale).call<{ status: GuestStatus }>('POST', '/api/guest/lobby'),
  token: (locale: Locale, audioOnly: boolean) => guest(locale).call<VideoTokenDto>('POST', '/api/guest/token', { audioOnly }),
};
