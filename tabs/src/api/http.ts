/**
 * The one way the tabs and the browser pages talk to API v1: JSON in and out, the bearer token
 * (Teams SSO or the development sign-in) or the personal link's cookie, and every failure as an
 * `ApiError` whose message is fit to show a user (the server localises it from
 * `Accept-Language`). A 401 also tells the shell, which sends the user back to sign-in. The
 * typed client of each service (`consultations.ts`, `emergency.ts`, …) is built on this.
 */
import type { ErrorBody } from '../../../server/src/contracts/api';
import { ERROR_MESSAGES, type Locale, type MessageCode } from '../../../server/src/contracts/messages';
import { CATALOGUES } from '../i18n';

/** The server's codes, plus `network` when no answer came at all. */
export type ApiErrorCode = MessageCode | 'network';

export class ApiError extends Error {
  constructor(
    /** 0 when no answer came at all (offline). */
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

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** JSON by default; `{text, contentType}` sends text as is (a CSV upload); a `Blob` is sent as is (a photo). */
export type RequestBody = unknown | TextBody | Blob;
interface TextBody {
  readonly text: string;
  readonly contentType: string;
}
const isTextBody = (b: unknown): b is TextBody =>
  typeof b === 'object' && b !== null && typeof (b as { text?: unknown }).text === 'string' && typeof (b as { contentType?: unknown }).contentType === 'string';

/** A file the server sent, with the name it gave it. */
export interface ApiFile {
  readonly blob: Blob;
  readonly fileName: string;
}

export interface ApiClientOptions {
  /** The bearer token: Teams SSO or the development sign-in; absent or `undefined` sends none (the personal link's cookie). */
  getToken?(): Promise<string | undefined>;
  readonly locale: Locale;
  /** Called on every 401, before the error is thrown. */
  onUnauthenticated?(): void;
  readonly fetchImpl?: typeof fetch;
}

export interface CallOptions {
  /** `false` sends no bearer token (the development sign-in's own calls). @defaultValue true */
  readonly auth?: boolean;
}

export interface ApiClient {
  /** One API v1 call; the typed service clients use it. Failures are `ApiError`s. */
  call<T>(method: HttpMethod, path: string, body?: RequestBody, options?: CallOptions): Promise<T>;
  /** A GET whose answer is a file (a CSV export, a photo). */
  file(path: string): Promise<ApiFile>;
  /** A GET whose answer is an event stream, read by the caller; failures are `ApiError`s. */
  stream(path: string, signal: AbortSignal): Promise<NonNullable<Response['body']>>;
  /** The bearer token, if any. */
  token(): Promise<string | undefined>;
}

const isMessageCode = (code: unknown): code is MessageCode => typeof code === 'string' && code in ERROR_MESSAGES;

function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as ErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

function contentTypeOf(body: RequestBody): string {
  if (body instanceof Blob) return body.type || 'application/octet-stream';
  return isTextBody(body) ? body.contentType : 'application/json';
}

function payloadOf(body: RequestBody): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (body instanceof Blob) return body;
  return isTextBody(body) ? body.text : JSON.stringify(body);
}

/** The `ApiError` for an answer that is not 2xx: Samrom's `{error:{code,message}}`, or a proxy's page. */
async function errorOf(res: Response, locale: Locale): Promise<ApiError> {
  const payload: unknown = await res.json().catch(() => undefined);
  if (isErrorBody(payload)) {
    const { code, message, requestId, issues, busy, nextFree } = payload.error;
    const clash = busy || nextFree ? { busy, nextFree } : undefined;
    return new ApiError(res.status, isMessageCode(code) ? code : 'internal', message, requestId, issues, clash);
  }
  // A proxy or gateway answered instead of Samrom.
  const code: MessageCode = res.status === 401 ? 'unauthenticated' : res.status >= 500 ? 'unavailable' : 'internal';
  return new ApiError(res.status, code, ERROR_MESSAGES[code][locale]);
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const token = async () => (options.getToken ? options.getToken() : undefined);

  async function send(
    method: HttpMethod,
    path: string,
    accept: string,
    init: { body?: RequestBody; auth?: boolean; signal?: AbortSignal; quiet?: boolean },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept, 'accept-language': options.locale };
    if (init.body !== undefined) headers['content-type'] = contentTypeOf(init.body);
    const bearer = init.auth === false ? undefined : await token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let res: Response;
    try {
      res = await fetchImpl(path, { method, headers, body: payloadOf(init.body), credentials: 'same-origin', signal: init.signal });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new ApiError(0, 'network', CATALOGUES[options.locale].errors.network);
    }
    if (res.ok) return res;
    if (res.status === 401 && !init.quiet) options.onUnauthenticated?.();
    throw await errorOf(res, options.locale);
  }

  return {
    async call<T>(method: HttpMethod, path: string, body?: RequestBody, callOptions?: CallOptions) {
      const res = await send(method, path, 'application/json', { body, auth: callOptions?.auth });
      return (await res.json().catch(() => undefined)) as T;
    },
    async file(path) {
      const res = await send('GET', path, 'application/json', {});
      return { blob: await res.blob(), fileName: fileNameOf(res.headers.get('content-disposition')) };
    },
    async stream(path, signal) {
      // A broken stream is reconnected by its reader, as it always was; it does not sign the user out.
      const res = await send('GET', path, 'text/event-stream', { signal, quiet: true });
      if (!res.body) throw new ApiError(res.status, 'unavailable', ERROR_MESSAGES.unavailable[options.locale]);
      return res.body;
    },
    token,
  };
}

function fileNameOf(contentDisposition: string | null): string {
  return /filename="([^"]+)"/.exec(contentDisposition ?? '')?.[1] ?? 'oppmote.csv';
}

/** The message to show for anything thrown while talking to the API. */
export function errorText(err: unknown, locale: Locale): string {
  return err instanceof ApiError ? err.message : CATALOGUES[locale].errors.unexpected;
}
