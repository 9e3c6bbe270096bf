/**
 * The tabs' one HTTP path (`tabs/src/api/http.ts`): every failure reaches a screen as an
 * `ApiError` with the server's code and localised message, a proxy's page or an unreachable
 * server as a code of its own, and a 401 tells the shell. Run against a real local HTTP server.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../server/src/contracts/messages';
import { ApiError, createApiClient } from '../../tabs/src/api/http';
import { CATALOGUES } from '../../tabs/src/i18n';

let server: Server;
let base = '';
const seen: { authorization?: string; acceptLanguage?: string; body?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      seen.push({ authorization: req.headers.authorization, acceptLanguage: req.headers['accept-language'], body });
      if (req.url === '/api/ok') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body }));
      } else if (req.url === '/api/conflict') {
        const error = { code: 'conflict', message: 'Tiden er tatt.', requestId: 'req-1', issues: [{ path: 'start', message: 'opptatt' }] };
        res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
      } else if (req.url === '/api/expired') {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'unauthenticated', message: 'Logg inn.' } }));
      } else {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

function client(target: () => string, onUnauthenticated?: () => void) {
  return createApiClient({
    locale: 'en',
    getToken: async () => 'token-1',
    onUnauthenticated,
    fetchImpl: (input, init) => fetch(`${target()}${String(input)}`, init),
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('the tabs’ HTTP client', () => {
  it('sends JSON with the bearer token and the locale, and returns the JSON answer', async () => {
    const answer = await client(() => base).call<{ echo: string }>('POST', '/api/ok', { a: 1 });
    expect(answer).toEqual({ echo: '{"a":1}' });
    expect(seen.at(-1)).toMatchObject({ authorization: 'Bearer token-1', acceptLanguage: 'en' });
  });

  it('sends no bearer token when a call asks for none', async () => {
    await client(() => base).call('GET', '/api/ok', undefined, { auth: false });
    expect(seen.at(-1)?.authorization).toBeUndefined();
  });

  it('turns a 4xx {error:{code,message}} into an ApiError with the server’s code, message, request id and field issues', async () => {
    const err = await failureOf(client(() => base).call('POST', '/api/conflict', {}));
    expect(err).toMatchObject({ status: 409, code: 'conflict', message: 'Tiden er tatt.', requestId: 'req-1' });
    expect(err.issues).toEqual([{ path: 'start', message: 'opptatt' }]);
  });

  it('tells the shell on a 401 before the error is thrown', async () => {
    let told = 0;
    const err = await failureOf(
      client(
        () => base,
        () => told++,
      ).call('GET', '/api/expired'),
    );
    expect(err).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(told).toBe(1);
  });

  it('turns a proxy’s non-JSON 5xx page into «unavailable» with the catalogue’s message', async () => {
    const err = await failureOf(client(() => base).call('GET', '/api/gateway'));
    expect(err).toMatchObject({ status: 502, code: 'unavailable', message: ERROR_MESSAGES.unavailable.en });
  });

  it('turns a server that cannot be reached into status 0, code «network»', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failureOf(client(() => gone).call('GET', '/api/ok'));
    expect(err).toMatchObject({ status: 0, code: 'network', message: CATALOGUES.en.errors.network });
  });
});
