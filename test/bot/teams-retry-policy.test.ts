import { describe, expect, it } from 'vitest';
import { backoffDelayMs, decideRetry, DEFAULT_TEAMS_RETRY_OPTIONS, finalReasonFor, parseRetryAfterMs } from '../../server/src/adapters/teams/retry-policy';

const NOW = new Date('2025-03-01T12:00:00Z');
const env = (random = 0.5) => ({ random: () => random, now: NOW });

describe('Teams retry policy', () => {
  it.each([
    ['5', 5_000],
    ['0', 0],
    ['1.5', 1_500],
    ['3600', 60_000],
    ['Sat, 01 Mar 2025 12:00:07 GMT', 7_000],
    ['Sat, 01 Mar 2025 11:59:00 GMT', 0],
    ['Sun, 02 Mar 2025 12:00:00 GMT', 60_000],
  ])('Retry-After %j waits %i ms (capped at 60 s)', (header, expected) => {
    expect(parseRetryAfterMs(header, NOW, 60)).toBe(expected);
  });

  it.each([null, '', 'soon', '-3'])('an unreadable Retry-After %j is ignored', (header) => {
    expect(parseRetryAfterMs(header, NOW, 60)).toBeNull();
  });

  it('429 waits what Retry-After asks', () => {
    expect(decideRetry({ status: 429, retryAfter: '3' }, 1, env())).toEqual({ kind: 'retry', delayMs: 3_000 });
  });

  it('429 without Retry-After backs off', () => {
    expect(decideRetry({ status: 429, retryAfter: null }, 1, env(0.5))).toEqual({ kind: 'retry', delayMs: 250 });
  });

  it.each([412, 502, 504, 503, 500, 408, null])('%s is retried with full-jitter backoff', (status) => {
    expect(decideRetry({ status, retryAfter: null }, 3, env(0.5))).toEqual({ kind: 'retry', delayMs: 1_000 });
  });

  it('backoff doubles from 500 ms and stops growing at 8 s', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelayMs(attempt, () => 0.999999, DEFAULT_TEAMS_RETRY_OPTIONS));
    expect(ceilings).toEqual([499, 999, 1_999, 3_999, 7_999, 7_999, 7_999]);
    expect(backoffDelayMs(4, () => 0, DEFAULT_TEAMS_RETRY_OPTIONS)).toBe(0);
  });

  it.each([
    [403, 'forbidden'],
    [401, 'forbidden'],
    [404, 'not_found'],
    [400, 'bad_request'],
    [413, 'bad_request'],
  ] as const)('%i is final: %s', (status, reason) => {
    expect(finalReasonFor(status)).toBe(reason);
    expect(decideRetry({ status, retryAfter: '1' }, 1, env())).toEqual({ kind: 'final', reason });
  });

  it('gives up after the fifth attempt', () => {
    expect(decideRetry({ status: 502, retryAfter: null }, 4, env()).kind).toBe('retry');
    expect(decideRetry({ status: 502, retryAfter: null }, 5, env())).toEqual({ kind: 'give_up' });
    expect(decideRetry({ status: 429, retryAfter: '1' }, 5, env())).toEqual({ kind: 'give_up' });
  });

  it('takes options', () => {
    expect(decideRetry({ status: 502, retryAfter: null }, 2, env(), { maxAttempts: 2 })).toEqual({ kind: 'give_up' });
    expect(decideRetry({ status: 429, retryAfter: '30' }, 1, env(), { maxRetryAfterSeconds: 10 })).toEqual({ kind: 'retry', delayMs: 10_000 });
  });
});
