/**
 * The one Teams notifier double (the Bot Connector is a double by the project's rules): it
 * records every send, answers like Teams (a new activity id; an update keeps its id) unless
 * told to refuse (every send, or one conversation's), can hold sends to stop a test
 * mid-round, and lets a test await sends.
 */
import { renderMessage } from '../../server/src/adapters/teams/render-notice';
import type { Notifier, OutgoingTeamsMessage, RenderedTeamsMessage, SendOutcome } from '../../server/src/core/ports';
import type { TeamsNotice } from '../../server/src/core/teams-notices';

export interface RecordedSend {
  readonly conversationId: string;
  /** What the person sees (rendered as the Teams notifier renders it). */
  readonly message: RenderedTeamsMessage;
  /** The core's notice, when the message was sent as one. */
  readonly notice?: TeamsNotice;
}

export interface RecordingNotifierOptions {
  /** What each send answers instead of a delivery, e.g. a final 403. It is still recorded. */
  readonly answer?: (send: RecordedSend) => SendOutcome;
}

export class RecordingNotifier implements Notifier {
  readonly sent: RecordedSend[] = [];
  private waiters: { match: (s: RecordedSend[]) => boolean; resolve: () => void }[] = [];
  /** Conversations Teams answers with this failure instead of taking the card (nothing is recorded as sent). */
  readonly failing = new Map<string, Exclude<SendOutcome, { ok: true }>>();
  /** When set, each send waits for it first. */
  gate: Promise<void> | undefined;
  onSendStarted: ((conversationId: string) => void) | undefined;

  constructor(private readonly options: RecordingNotifierOptions = {}) {}

  async send(conversationId: string, message: OutgoingTeamsMessage): Promise<SendOutcome> {
    this.onSendStarted?.(conversationId);
    if (this.gate) await this.gate;
    const failure = this.failing.get(conversationId);
    if (failure) return failure;
    const send: RecordedSend = { conversationId, message: renderMessage(message), ...('notice' in message ? { notice: message.notice } : {}) };
    this.sent.push(send);
    for (const w of [...this.waiters]) {
      if (w.match(this.sent)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
    if (this.options.answer) return this.options.answer(send);
    // Like Teams: an update keeps the message's id.
    return { ok: true, activityId: message.replaceActivityId ?? `activity-${this.sent.length}` };
  }

  /** Resolves once the sends so far satisfy `match` (checked now and after each send). */
  until(match: (sent: RecordedSend[]) => boolean, timeoutMs = 15_000): Promise<void> {
    if (match(this.sent)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; sent so far: ${this.sent.map((s) => s.conversationId).join(', ')}`)), timeoutMs);
      this.waiters.push({ match, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Sends to one conversation, optionally only those whose text mentions `mentioning` (e.g. a request id). */
  sentTo(conversationId: string, mentioning?: string): RecordedSend[] {
    return this.sent.filter((s) => s.conversationId === conversationId && (mentioning === undefined || s.message.text.includes(mentioning)));
  }
}
