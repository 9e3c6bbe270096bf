/**
 * A local stand-in for the Bot Connector service (the `serviceUrl` Teams gives the bot). It
 * records what the bot sends and answers from a script, so tests assert on real HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorRequest {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  /** Set for replies (POST …/activities/:id) and updates (PUT …/activities/:id). */
  readonly activityId: string | null;
  readonly authorization: string | null;
  readonly body: Record<string, unknown>;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export interface FakeConnector {
  /** Use as `serviceUrl`; ends with a slash like the real ones. */
  readonly url: string;
  readonly requests: ConnectorRequest[];
  /** Answers for the next requests, in order; afterwards every request gets 200 with a new id. */
  script(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

const ACTIVITIES_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export interface FakeConnectorOptions {
  /** Called as each request has fully arrived, before it is answered (the benches time arrivals with it). */
  readonly onRequest?: (request: ConnectorRequest) => void;
}

export async function startFakeConnector(o: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const requests: ConnectorRequest[] = [];
  const queue: ScriptedResponse[] = [];
  let nextId = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const match = ACTIVITIES_PATH.exec(path);
      const raw = Buffer.concat(chunks).toString('utf8');
      if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
        return;
      }
      const request: ConnectorRequest = {
        method: req.method,
        path,
        conversationId: decodeURIComponent(match[1] ?? ''),
        activityId: match[2] ? decodeURIComponent(match[2]) : null,
        authorization: req.headers.authorization ?? null,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      };
      requests.push(request);
      o.onRequest?.(request);
      const scripted = queue.shift() ?? { status: 200, body: { id: `activity-${nextId++}` } };
      res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
      res.end(scripted.body === undefined ? '' : JSON.stringify(scripted.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    script: (...responses) => void queue.push(...responses),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
