/**
 * The tabs' typed client for API v1. Every failure becomes an `ApiError` whose message is
 * fit to show a user (the server localises it from `Accept-Language`); a 401 also tells the
 * shell, which sends the user back to sign-in.
 */
import type { DevPersonDto, ErrorBody, MeDto, PersonDto } from '../../server/src/contracts/api';
import type {
  ClinicianDto,
  ConsultationDto,
  ConsultationListDto,
  CreateConsultationRequest,
  ListScope,
  UpdateConsultationRequest,
} from '../../server/src/contracts/consultations';
import { ERROR_MESSAGES, type Locale, type MessageCode } from '../../server/src/contracts/messages';
import type { SaveSummaryRequest, SummaryResponseDto } from '../../server/src/contracts/summary';
import type { LobbyDto, VideoTokenDto } from '../../server/src/contracts/joining';
import { CATALOGUES } from './i18n';

/** The server's codes, plus `network` when no answer came at all. */
export type ApiErrorCode = MessageCode | 'network';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly requestId?: string,
    /** Field-level messages (`path` like `participants.2.consentedByPatient`, or a CSV file's lines), for showing next to fields. */
    readonly issues: readonly { readonly path: string; readonly message: string }[] = [],
    /** A booking clash (409): who is busy and the next times everyone is free. */
    readonly clash?: Pick<ErrorBody['error'], 'busy' | 'nextFree'>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface DevSignInResponse {
  readonly token: string;
  readonly expiresAt: string;
  readonly person: { readonly id: string; readonly name: string; readonly roles: readonly string[] };
}

export interface ApiClientOptions {
  /** The bearer token: Teams SSO or the development sign-in; `undefined` sends none. */
  getToken(): Promise<string | undefined>;
  readonly locale: Locale;
  /** Called on every 401, before the error is thrown. */
  onUnauthenticated?(): void;
  readonly fetchImpl?: typeof fetch;
}

export interface ApiClient {
  me(): Promise<MeDto>;
  directory(): Promise<{ people: PersonDto[] }>;
  devPeople(): Promise<{ people: DevPersonDto[] }>;
  devSignIn(personId: string): Promise<DevSignInResponse>;
  consultationSummary(consultationId: string): Promise<SummaryResponseDto>;
  saveConsultationSummary(consultationId: string, summary: SaveSummaryRequest): Promise<SummaryResponseDto>;
  /** The attendance export as a CSV file, with the name the server gives it. */
  attendanceCsv(consultationId: string): Promise<{ readonly blob: Blob; readonly fileName: string }>;
  /** Joining: the guests waiting in the lobby, letting one in, and the clinician's own video token. */
  consultationLobby(id: string): Promise<LobbyDto>;
  admitGuest(id: string, participantId: string): Promise<LobbyDto>;
  joinConsultation(id: string, audioOnly?: boolean): Promise<VideoTokenDto>;
  consultations(query: { from?: string; to?: string; scope?: ListScope }): Promise<ConsultationListDto>;
  consultation(id: string): Promise<ConsultationDto>;
  bookConsultation(body: CreateConsultationRequest): Promise<ConsultationDto>;
  updateConsultation(id: string, body: UpdateConsultationRequest): Promise<ConsultationDto>;
  cancelConsultation(id: string): Promise<ConsultationDto>;
  clinicians(): Promise<{ people: ClinicianDto[] }>;
  /** Any other API v1 call, for screens with endpoints of their own; failures are `ApiError`s. */
  call<T>(method: HttpMethod, path: string, body?: RequestBody): Promise<T>;
  /** The bearer token, for requests a screen must make with fetch itself (event streams). */
  token(): Promise<string | undefined>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** JSON by default; `{text, contentType}` sends text as is (e.g. a CSV upload). */
export type RequestBody = unknown | { readonly text: string; readonly contentType: string };
const isTextBody = (b: unknown): b is { text: string; contentType: string } =>
  typeof b === 'object' && b !== null && typeof (b as { text?: unknown }).text === 'string' && typeof (b as { contentType?: unknown }).contentType === 'string';

const isMessageCode = (code: unknown): code is MessageCode => typeof code === 'string' && code in ERROR_MESSAGES;

function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as ErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const t = CATALOGUES[options.locale];

  async function request<T>(method: HttpMethod, path: string, body?: RequestBody, auth = true, as: 'json' | 'file' = 'json'): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': options.locale };
    if (body !== undefined) headers['content-type'] = isTextBody(body) ? body.contentType : 'application/json';
    if (auth) {
      const token = await options.getToken();
      if (token) headers.authorization = `Bearer ${token}`;
    }
    let res: Response;
    try {
      const payload = body === undefined ? undefined : isTextBody(body) ? body.text : JSON.stringify(body);
      res = await fetchImpl(path, { method, headers, body: payload, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'network', t.errors.network);
    }
    if (res.ok && as === 'file') return { blob: await res.blob(), fileName: fileNameOf(res.headers.get('content-disposition')) } as T;
    const payload: unknown = await res.json().catch(() => undefined);
    if (res.ok) return payload as T;
    if (res.status === 401) options.onUnauthenticated?.();
    if (isErrorBody(payload)) {
      const { code, message, requestId, issues, busy, nextFree } = payload.error;
      const clash = busy || nextFree ? { busy, nextFree } : undefined;
      return Promise.reject(new ApiError(res.status, isMessageCode(code) ? code : 'internal', message, requestId, issues, clash));
    }
    // A proxy or gateway answered instead of Samrom.
    const code: MessageCode = res.status === 401 ? 'unauthenticated' : res.status >= 500 ? 'unavailable' : 'internal';
    throw new ApiError(res.status, code, ERROR_MESSAGES[code][options.locale]);
  }

  return {
    me: () => request('GET', '/api/me'),
    directory: () => request('GET', '/api/admin/directory'),
    devPeople: () => request('GET', '/api/dev/people', undefined, false),
    devSignIn: (personId) => request('POST', '/api/dev/sign-in', { personId }, false),
    consultationSummary: (id) => request('GET', `/api/consultations/${encodeURIComponent(id)}/summary`),
    saveConsultationSummary: (id, summary) => request('PUT', `/api/consultations/${encodeURIComponent(id)}/summary`, summary),
    attendanceCsv: (id) => request('GET', `/api/consultations/${encodeURIComponent(id)}/attendance.csv`, undefined, true, 'file'),
    consultationLobby: (id) => request('GET', `/api/consultations/${encodeURIComponent(id)}/lobby`),
    admitGuest: (id, participantId) => request('POST', `/api/consultations/${encodeURIComponent(id)}/admit`, { participantId }),
    joinConsultation: (id, audioOnly = false) => request('POST', `/api/consultations/${encodeURIComponent(id)}/join`, { audioOnly }),
    consultations: (query) => {
      const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
      const search = params.toString();
      return request('GET', `/api/consultations${search ? `?${search}` : ''}`);
    },
    consultation: (id) => request('GET', `/api/consultations/${encodeURIComponent(id)}`),
    bookConsultation: (body) => request('POST', '/api/consultations', body),
    updateConsultation: (id, body) => request('PATCH', `/api/consultations/${encodeURIComponent(id)}`, body),
    cancelConsultation: (id) => request('POST', `/api/consultations/${encodeURIComponent(id)}/cancel`),
    clinicians: () => request('GET', '/api/directory/clinicians'),
    call: (method, path, body) => request(method, path, body),
    token: () => options.getToken(),
  };
}

function fileNameOf(contentDisposition: string | null): string {
  return /filename="([^"]+)"/.exec(contentDisposition ?? '')?.[1] ?? 'oppmote.csv';
}

/** The message to show for anything thrown while talking to the API. */
export function errorText(err: unknown, locale: Locale): string {
  return err instanceof ApiError ? err.message : CATALOGUES[locale].errors.unexpected;
}
