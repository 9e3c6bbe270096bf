/**
 * What Samrom's one error handler answers for an error: a route that throws it, behind the
 * request log (the handler logs through `req.log`), on port 0.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '../../server/src/adapters/logger';
import { errorHandler } from '../../server/src/http/errors';
import { requestLog } from '../../server/src/http/request-log';

export async function answerTo(err: unknown): Promise<Response> {
  const app = express();
  app.use(requestLog({ logger: createLogger({ level: 'silent' }) }));
  app.get('/fail', () => {
    throw err;
  });
  app.use(errorHandler);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    return await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/fail`);
  } finally {
    server.close();
  }
}
