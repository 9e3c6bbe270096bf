/**
 * An express app with only `POST /api/messages`, on port 0, plus builders for the activities
 * Teams sends. Tests talk to it over HTTP exactly as the Bot Framework channel would.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { ActivityHandler } from 'botbuilder';
import type { SamromAdapter } from '../../bot/adapter';
import { createBotRequestHandler } from '../../bot/http';
import type { BotLogger } from '../../bot/logger';

export interface BotApp {
  readonly url: string;
  post(activity: Record<string, unknown>, authorization?: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startBotApp(adapter: SamromAdapter, bot: ActivityHandler, logger: BotLogger): Promise<BotApp> {
  const app = express();
  app.use(express.json());
  app.post('/api/messages', createBotRequestHandler(adapter, bot, logger));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async post(activity, authorization) {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export const BOT_ID = '28:samrom-bot';
export const TENANT_ID = '11111111-2222-3333-4444-555555555555';

export interface ActivityOptions {
  readonly serviceUrl: string;
  readonly conversationId?: string;
  readonly conversationType?: 'personal' | 'groupChat' | 'channel';
  readonly aadObjectId?: string;
  readonly locale?: string;
  readonly botId?: string;
}

let counter = 0;

function base(type: string, o: ActivityOptions): Record<string, unknown> {
  counter += 1;
  const conversationType = o.conversationType ?? 'personal';
  return {
    type,
    id: `incoming-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    locale: o.locale ?? 'nb-NO',
    from: { id: '29:user-1', name: 'Kari Nordmann', aadObjectId: o.aadObjectId ?? 'aad-kari' },
    recipient: { id: o.botId ?? BOT_ID, name: 'Samrom' },
    conversation: {
      id: o.conversationId ?? 'a:personal-kari',
      conversationType,
      isGroup: conversationType !== 'personal',
      tenantId: TENANT_ID,
    },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

export function messageActivity(text: string, o: ActivityOptions): Record<string, unknown> {
  return { ...base('message', o), text };
}

export function installationUpdate(o: ActivityOptions): Record<string, unknown> {
  return { ...base('installationUpdate', o), action: 'add' };
}

export function botAddedUpdate(o: ActivityOptions): Record<string, unknown> {
  return { ...base('conversationUpdate', o), membersAdded: [{ id: o.botId ?? BOT_ID }] };
}
