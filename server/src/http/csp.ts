/**
 * Extending the app-wide Content-Security-Policy (helmet, app.ts) for pages that must connect
 * elsewhere: the LiveKit server for calls, Microsoft's CDN for teams-js. Extended, not replaced.
 */
import type { Response } from 'express';

/** The LiveKit URL as the WebSocket and HTTP origins livekit-client connects to. */
export function videoConnectSources(url: string): string[] {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'wss:' || parsed.protocol === 'https:';
  return [`${secure ? 'wss' : 'ws'}://${parsed.host}`, `${secure ? 'https' : 'http'}://${parsed.host}`];
}

/** Adds `connect-src 'self' …origins` unless the policy already has a connect-src. */
export function allowConnections(res: Response, origins: readonly string[]): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy !== 'string' || /(^|;)\s*connect-src\b/.test(policy)) return;
  res.setHeader('Content-Security-Policy', `${policy};connect-src 'self' ${origins.join(' ')}`);
}
