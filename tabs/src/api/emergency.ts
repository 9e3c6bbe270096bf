/**
 * The typed calls of the emergency service (akutt): the legevakt's call to AMK and its event
 * stream, inviting doctors, the ambulance crew's link, and AMK's video link to a 113 caller —
 * for the tabs (bearer token) and for the caller's and crew's pages (the personal link's
 * cookie). Every URL of the service the browser uses is here, so a screen never builds one.
 */
import type { z } from 'zod';
import type {
  CitizenMeDto,
  CitizenVideoCreatedDto,
  CitizenVideoDto,
  CitizenVideoListDto,
  CitizenVideoTokenDto,
  InvitableDoctorDto,
} from '../../../server/src/contracts/citizen-video';
import type { News2ResponseDto } from '../../../server/src/contracts/clinical';
import type {
  CreateEmergencyCallSchema,
  PartialVitalsSchema,
  EmergencyAnswerDto,
  EmergencyCallDto,
  EmergencyCallSnapshotDto,
  EmergencyInviteDto,
  EmergencyInviteListDto,
  EmergencyJoinDto,
  EndEmergencyCallSchema,
  InviteToEmergencyCall,
  VideoTokenDto,
} from '../../../server/src/contracts/emergency';
import type { CrewMeDto, EmergencyCrewDto } from '../../../server/src/contracts/emergency-crew';
import type { Locale } from '../../../server/src/contracts/messages';
import { type ApiClient, createApiClient } from './http';

export type CreateEmergencyCallRequest = z.input<typeof CreateEmergencyCallSchema>;
export type EndEmergencyCallRequest = z.input<typeof EndEmergencyCallSchema>;
/** The vital signs as typed; the server checks each against the NEWS2 limits and refuses a missing one. */
export type VitalsRequest = z.input<typeof PartialVitalsSchema>;

const CALLS = '/api/emergency-calls';
const call = (id: string) => `${CALLS}/${encodeURIComponent(id)}`;
const CITIZEN = '/api/citizen-video';
const session = (id: string) => `${CITIZEN}/${encodeURIComponent(id)}`;

export function emergencyApi(api: ApiClient) {
  return {
    /** NEWS2 scored by the server, as the vital signs are typed. */
    news2: (vitals: VitalsRequest) => api.call<News2ResponseDto>('POST', '/api/clinical/news2', vitals),
    start: (body: CreateEmergencyCallRequest) => api.call<EmergencyCallDto>('POST', CALLS, body),
    get: (id: string) => api.call<EmergencyCallDto>('GET', call(id)),
    /** AMK answers a ringing call. */
    accept: (id: string) => api.call<EmergencyAnswerDto>('POST', `${call(id)}/accept`),
    join: (id: string) => api.call<EmergencyJoinDto>('POST', `${call(id)}/join`),
    end: (id: string, body: EndEmergencyCallRequest) => api.call<EmergencyCallSnapshotDto>('POST', `${call(id)}/end`, body),
    /** The calls as server-sent events: snapshots and the order of the list. */
    stream: (signal: AbortSignal) => api.stream(`${CALLS}/stream`, signal),
    invites: (id: string) => api.call<EmergencyInviteListDto>('GET', `${call(id)}/invites`),
    invite: (id: string, body: InviteToEmergencyCall) => api.call<EmergencyInviteDto>('POST', `${call(id)}/invite`, body),
    crew: (id: string) => api.call<EmergencyCrewDto>('GET', `${call(id)}/crew`),
    sendCrewLink: (id: string, phone: string) => api.call<EmergencyCrewDto>('POST', `${call(id)}/crew`, { phone }),
  };
}

export type EmergencyApi = ReturnType<typeof emergencyApi>;

/** AMK's video link to a 113 caller, seen from the tab. */
export function citizenVideoApi(api: ApiClient) {
  return {
    list: () => api.call<CitizenVideoListDto>('GET', CITIZEN),
    send: (phone: string) => api.call<CitizenVideoCreatedDto>('POST', CITIZEN, { phone }),
    get: (id: string) => api.call<CitizenVideoDto>('GET', session(id)),
    resend: (id: string) => api.call<unknown>('POST', `${session(id)}/resend`),
    end: (id: string) => api.call<unknown>('POST', `${session(id)}/end`),
    join: (id: string) => api.call<CitizenVideoTokenDto>('POST', `${session(id)}/join`),
    invite: (id: string, personId: string) => api.call<unknown>('POST', `${session(id)}/invite`, { personId }),
    doctors: () => api.call<{ people: InvitableDoctorDto[] }>('GET', `${CITIZEN}/doctors`),
    /** A photo the caller sent, as a file (it needs the bearer token, so no plain `<img src>`). */
    photo: (id: string, n: number) => api.file(`${session(id)}/photos/${n}`),
  };
}

export type CitizenVideoApi = ReturnType<typeof citizenVideoApi>;

/** The personal-link pages' client: no bearer token, the httpOnly cookie the link set. */
const cookie = (locale: Locale) => createApiClient({ locale });

/** The 113 caller's calls (`/api/citizen/*`). */
export const citizenApi = {
  me: (locale: Locale) => cookie(locale).call<CitizenMeDto>('GET', '/api/citizen/me'),
  consent: (locale: Locale) => cookie(locale).call<CitizenMeDto>('POST', '/api/citizen/consent'),
  location: (locale: Locale, position: { latitude: number; longitude: number; accuracy: number }) =>
    cookie(locale).call<CitizenMeDto>('POST', '/api/citizen/location', position),
  token: (locale: Locale) => cookie(locale).call<CitizenVideoTokenDto>('POST', '/api/citizen/token'),
  photo: (locale: Locale, file: Blob) => cookie(locale).call<{ n: number }>('POST', '/api/citizen/photo', file),
};

/** The ambulance crew's calls (`/api/crew/*`). */
export const crewApi = {
  me: (locale: Locale) => cookie(locale).call<CrewMeDto>('GET', '/api/crew/me'),
  token: (locale: Locale) => cookie(locale).call<VideoTokenDto>('POST', '/api/crew/token'),
};
