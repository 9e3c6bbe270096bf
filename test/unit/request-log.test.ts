import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../server/src/adapters/logger';
import { requestLog } from '../../server/src/http/request-log';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function start(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const app = express();
  app.use(requestLog({ logger, ignore: (req) => req.url === '/healthz' }));
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/ok', (req, res) => void res.json({ id: req.id }));
  app.get('/refused', (req, res) => {
    req.log.info({ code: 'forbidden' }, 'request refused');
    res.status(403).json({});
  });
  app.get('/boom', (_req, res) => void res.status(500).json({}));
  // A careless route: logs the request, the body and an error carrying the body.
  app.post('/careless', express.json(), (req, res) => {
    req.log.error({ req, body: req.body, err: Object.assign(new Error('failed'), { body: req.body, data: req.body }) }, 'careless');
    res.status(500).json({});
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The line is written when the response closes, just after the client has its answer.
  const settle = (count: number) => vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(count), { timeout: 2_000, interval: 1 });
  return { base, lines, settle };
}

describe('request log', () => {
  it('echoes a well-formed X-Request-Id, generates one otherwise, and hands it to the route', async () => {
    const { base } = await start('silent');
    const echoed = await fetch(`${base}/ok`, { headers: { 'x-request-id': 'req-abc-12345' } });
    expect(echoed.headers.get('x-request-id')).toBe('req-abc-12345');
    expect(await echoed.json()).toEqual({ id: 'req-abc-12345' });
    const generated = await fetch(`${base}/ok`, { headers: { 'x-request-id': 'bad id <x>' } });
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await generated.json()).toEqual({ id });
  });

  it('writes one line per request with id, method, masked path and status, but none for ignored paths', async () => {
    const { base, lines, settle } = await start('info');
    await fetch(`${base}/healthz`);
    const res = await fetch(`${base}/ok?fnr=01019012345`, { headers: { authorization: 'Bearer secret-token-123' } });
    await settle(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: res.headers.get('x-request-id'), method: 'GET', url: '/ok' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(lines[0]!.res).toEqual({ statusCode: 200 });
    expect(JSON.stringify(lines)).not.toMatch(/01019012345|secret-token-123/);
  });

  it('req.log lines carry the request, and 5xx answers are logged as errors', async () => {
    const { base, lines, settle } = await start('info');
    const refused = await fetch(`${base}/refused`);
    await fetch(`${base}/boom`);
    await settle(3);
    expect(lines.find((l) => l.msg === 'request refused')).toMatchObject({ req: { id: refused.headers.get('x-request-id') }, code: 'forbidden' });
    expect(lines.find((l) => l.msg === 'request errored')).toMatchObject({ level: 50, res: { statusCode: 500 } });
  });

  it('never logs a request body, even when a route logs the request, the body or an error carrying it', async () => {
    const { base, lines, settle } = await start('info');
    const body = {
      patient: { name: 'Ingrid Markørsen', nationalId: '01019012345' },
      isbar: { situation: 'Markørtekst: brystsmerter' },
      note: 'Markørtekst i fritekst',
    };
    await fetch(`${base}/careless?fnr=01019012345`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await settle(2);
    expect(lines.map((l) => l.msg)).toEqual(['careless', 'request errored']);
    expect(lines[0]).toMatchObject({ req: { method: 'POST', url: '/careless' }, body: '[redacted]', err: { type: 'Error', message: 'failed' } });
    expect(JSON.stringify(lines)).not.toMatch(/Ingrid|01019012345|Markørtekst/);
  });
});
