/**
 * Proactive Teams messages through the bot adapter, using the conversation reference the bot
 * stored. Retries follow `retry-policy.ts`; the SDK's own retry policy is switched off for these
 * sends so there is exactly one retry loop, with injectable sleep, and 403/404 are never retried.
 */
import { CardFactory, type Activity, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import {
  systemClock,
  type Clock,
  type ConversationStore,
  type Notifier,
  type OutgoingTeamsMessage,
  type RenderedTeamsMessage,
  type SendOutcome,
} from '../../core/ports';
import { renderMessage } from './render-notice';
import { decideRetry, type SendFailure, type TeamsRetryOptions } from './retry-policy';

/** The slice of a pino logger used here; pino's `Logger` satisfies it. */
export interface NotifierLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TeamsNotifierOptions {
  readonly adapter: CloudAdapter;
  /** `Config['bot'].appId`; undefined when bot authentication is off (development). */
  readonly appId: string | undefined;
  readonly conversations: ConversationStore;
  readonly logger: NotifierLogger;
  readonly retry?: TeamsRetryOptions;
  /** @defaultValue a `setTimeout` promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @defaultValue Math.random */
  readonly random?: () => number;
  /** @defaultValue systemClock */
  readonly clock?: Clock;
}

/** core-rest-pipeline's name for its throttling + exponential retry policy. */
const SDK_RETRY_POLICY_NAME = 'defaultRetryPolicy';

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Attempt = { readonly ok: true; readonly activityId: string } | { readonly ok: false; readonly failure: SendFailure; readonly error: unknown };

function headerOf(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  const getter = (headers as { get?: unknown }).get;
  const value = typeof getter === 'function' ? getter.call(headers, name) : (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** Status and Retry-After from a connector error (a core-rest-pipeline RestError); null status = network. */
export function failureOf(err: unknown): SendFailure {
  const e = (err ?? {}) as { statusCode?: unknown; response?: { status?: unknown; headers?: unknown } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.response?.status === 'number' ? e.response.status : null;
  return { status, retryAfter: headerOf(e.response?.headers, 'retry-after') };
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

function isReference(value: unknown): value is Partial<ConversationReference> & { conversation: { id: string } } {
  const conversation = (value as { conversation?: { id?: unknown } } | null)?.conversation;
  return typeof value === 'object' && value !== null && typeof conversation?.id === 'string';
}

export function messageActivity(message: RenderedTeamsMessage): Partial<Activity> {
  if (!message.card) return { type: 'message', text: message.text };
  // `summary` is what Teams shows in the notification; `fallbackText` where cards cannot render.
  const card = { fallbackText: message.text, ...message.card };
  return { type: 'message', summary: message.text, attachments: [CardFactory.adaptiveCard(card)] };
}

export class TeamsNotifier implements Notifier {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: Clock;

  constructor(private readonly options: TeamsNotifierOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
  }

  async send(conversationId: string, message: OutgoingTeamsMessage): Promise<SendOutcome> {
    const { logger } = this.options;
    const record = await this.options.conversations.byConversationId(conversationId);
    if (!record) {
      logger.warn({ event: 'teams.send_final', conversationId, reason: 'not_found' }, 'no stored conversation');
      return { ok: false, final: true, status: 404, reason: 'not_found' };
    }
    if (!isReference(record.reference)) {
      logger.error({ event: 'teams.send_final', conversationId, reason: 'bad_reference' }, 'stored conversation reference is unusable');
      return { ok: false, final: true, status: 400, reason: 'bad_request' };
    }
    // The record's serviceUrl is the latest one the bot saw; the stored reference may be older.
    const reference = { ...record.reference, serviceUrl: record.serviceUrl };

    const rendered = renderMessage(message);
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(reference, rendered);
      if (result.ok) {
        logger.info({ event: 'teams.sent', conversationId, attempt, replaced: Boolean(message.replaceActivityId) }, 'teams message sent');
        return { ok: true, activityId: result.activityId };
      }
      const status = result.failure.status ?? 0;
      const decision = decideRetry(result.failure, attempt, { random: this.random, now: this.clock.now() }, this.options.retry);
      switch (decision.kind) {
        case 'final':
          logger.warn({ event: 'teams.send_final', conversationId, attempt, status, reason: decision.reason }, 'teams send refused');
          return { ok: false, final: true, status, reason: decision.reason };
        case 'give_up':
          logger.error({ event: 'teams.send_gave_up', conversationId, attempt, status, errName: errorName(result.error) }, 'teams send gave up');
          return { ok: false, final: false, status, reason: 'gave_up_retrying' };
        case 'retry':
          logger.warn({ event: 'teams.send_retry', conversationId, attempt, status, delayMs: decision.delayMs }, 'teams send will retry');
          await this.sleep(decision.delayMs);
          break;
        default:
          decision satisfies never;
          throw new Error('unhandled retry decision');
      }
    }
  }

  /** One try. Errors are caught inside the turn: escaping, they would reach onTurnError. */
  private async attempt(reference: Partial<ConversationReference>, message: RenderedTeamsMessage): Promise<Attempt> {
    const { adapter } = this.options;
    let outcome: Attempt | undefined;
    try {
      await adapter.continueConversationAsync(this.options.appId ?? '', reference, async (context) => {
        try {
          this.disableSdkRetries(context);
          // The continuation activity has a random id; left in place the SDK would post a
          // "reply" to that non-existent message instead of a new one.
          delete context.activity.id;
          const activity = messageActivity(message);
          if (message.replaceActivityId) {
            await context.updateActivity({ ...activity, id: message.replaceActivityId });
            outcome = { ok: true, activityId: message.replaceActivityId };
          } else {
            const response = await context.sendActivity(activity);
            outcome = { ok: true, activityId: response?.id ?? '' };
          }
        } catch (err) {
          // Handed to the retry policy, which logs the decision.
          outcome = { ok: false, failure: failureOf(err), error: err };
        }
      });
    } catch (err) {
      // Before the turn started: credentials or connector could not be created.
      outcome = { ok: false, failure: failureOf(err), error: err };
    }
    return outcome ?? { ok: false, failure: { status: null, retryAfter: null }, error: new Error('turn did not run') };
  }

  private disableSdkRetries(context: TurnContext): void {
    const connector = context.turnState.get(this.options.adapter.ConnectorClientKey) as
      | { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }
      | undefined;
    const pipeline = connector?.client?.pipeline;
    if (pipeline) {
      pipeline.removePolicy({ name: SDK_RETRY_POLICY_NAME });
    } else {
      this.options.logger.warn({ event: 'teams.sdk_retry_not_disabled' }, 'could not switch off the SDK retry policy; retries may double');
    }
  }
}
