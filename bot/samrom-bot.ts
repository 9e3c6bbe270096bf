/**
 * The Samrom Teams bot. It remembers every conversation it is part of (so workers can send
 * proactive messages later), greets once on installation and answers text with the help card.
 * Handlers translate; they do not decide: real commands will call core use cases.
 */
import { ActivityHandler, CardFactory, MessageFactory, TurnContext, type Activity } from 'botbuilder';
import type { ConversationRecord, ConversationStore, Directory } from '../server/src/core/ports';
import { type BotBookingDeps, type BotReply, BookingFlow } from './booking';
import { AdviceFlow, type BotAdviceDeps, isAdviceSubmit } from './advice';
import { isBookingSubmit } from './booking-cards';
import { type BotEmergencyDeps, EmergencyFlow } from './emergency';
import { isEmergencySubmit } from './emergency-cards';
import { type BotShiftsDeps, ShiftsFlow } from './shifts';
import { StatusFlow } from './status';
import { helpCard, welcomeCard, type AdaptiveCard, appUrl } from './cards';
import { parseCommand } from './commands';
import type { BotLogger } from './logger';
import { type CommandId, messagesFor } from './messages';

export interface SamromBotDeps {
  readonly conversations: ConversationStore;
  readonly directory: Directory;
  readonly logger: BotLogger;
  /** Where the Samrom web app lives, e.g. `https://samrom.example.no`; the tab is `${publicBaseUrl}/app/`. */
  readonly publicBaseUrl: string;
  /** The Teams app id (the manifest id); cards then open the app in Teams rather than a web page. */
  readonly teamsAppId?: string;
  /** Booking from the chat (`book samtale`); without it the command answers «kommer snart». */
  readonly booking?: BotBookingDeps;
  /** The advice line in the chat: `konferer`, and Svar / Avslå on ring cards. */
  readonly advice?: BotAdviceDeps;
  /** Akuttvideo from the chat (`akutt`); without it the command answers «kommer snart». */
  readonly emergency?: BotEmergencyDeps;
  /** `mine vakter` from the roster store; without it the command answers «kommer snart». */
  readonly shifts?: BotShiftsDeps;
}

/** A one-to-one chat between the bot and one person (Teams says `personal`; other clients say nothing). */
export function isPersonalConversation(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return activity.conversation?.isGroup !== true && type !== 'channel' && type !== 'groupChat';
}

export function tenantIdOf(activity: Partial<Activity>): string | null {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : undefined;
  return activity.conversation?.tenantId ?? fromChannelData ?? null;
}

/**
 * What to store about a conversation. The reference drops `activityId`: kept, every proactive
 * message would be posted as a reply to that old message (a thread in channels).
 */
export function conversationRecordFrom(activity: Activity, personId: string | null): ConversationRecord {
  const { activityId: _replyTarget, ...reference } = TurnContext.getConversationReference(activity);
  const personal = isPersonalConversation(activity);
  return {
    conversationId: activity.conversation.id,
    personId: personal ? personId : null,
    aadObjectId: personal ? (activity.from?.aadObjectId ?? null) : null,
    tenantId: tenantIdOf(activity),
    serviceUrl: activity.serviceUrl,
    reference,
  };
}

export class SamromBot extends ActivityHandler {
  private readonly bookingFlow: BookingFlow | undefined;
  private readonly adviceFlow: AdviceFlow | undefined;
  private readonly emergencyFlow: EmergencyFlow | undefined;
  private readonly shiftsFlow: ShiftsFlow | undefined;
  private readonly statusFlow: StatusFlow | undefined;

  constructor(private readonly deps: SamromBotDeps) {
    super();
    this.bookingFlow = deps.booking ? new BookingFlow({ ...deps, booking: deps.booking }) : undefined;
    this.adviceFlow = deps.advice ? new AdviceFlow({ ...deps, advice: deps.advice }) : undefined;
    this.emergencyFlow = deps.emergency ? new EmergencyFlow({ ...deps, emergency: deps.emergency }) : undefined;
    this.shiftsFlow = deps.shifts ? new ShiftsFlow({ ...deps, shifts: deps.shifts }) : undefined;
    // `status` reads the advice and emergency stores; with neither given it answers «kommer snart».
    this.statusFlow = deps.advice || deps.emergency ? new StatusFlow(deps) : undefined;
    // Teams sends both installationUpdate and conversationUpdate on install; other clients
    // (Agents Playground, Web Chat) only the latter. Either one greets, once.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeIfNew(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id === botId)) {
        await this.welcomeIfNew(context);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      // Saved on every message: Teams may move a conversation to another serviceUrl.
      await this.remember(context);
      // An Adaptive Card submit arrives as a message with `value` and no text.
      const value: unknown = context.activity.value;
      if (this.bookingFlow && isBookingSubmit(value)) await this.reply(context, await this.bookingFlow.submit(context, value));
      else if (this.adviceFlow && isAdviceSubmit(value)) await this.reply(context, await this.adviceFlow.submit(context, value));
      else if (this.emergencyFlow && isEmergencySubmit(value)) await this.reply(context, await this.emergencyFlow.submit(context, value));
      else await this.answer(context);
      await next();
    });
  }

  private async welcomeIfNew(context: TurnContext): Promise<void> {
    const known = await this.isKnown(context.activity.conversation.id);
    await this.remember(context);
    this.deps.logger.info(
      { event: 'bot.installed', conversationType: context.activity.conversation.conversationType ?? 'unknown', known },
      'bot added to a conversation',
    );
    if (known) return;
    const messages = messagesFor(context.activity.locale);
    await this.sendCard(context, welcomeCard(messages, appUrl(this.deps.publicBaseUrl, this.deps.teamsAppId)));
  }

  private async answer(context: TurnContext): Promise<void> {
    const messages = messagesFor(context.activity.locale);
    const command = parseCommand(context.activity.text);
    const url = appUrl(this.deps.publicBaseUrl, this.deps.teamsAppId);
    switch (command.kind) {
      case 'help':
        return this.sendCard(context, helpCard(messages, url, undefined, this.availableCommands()));
      case 'command':
        if (command.id === 'book' && this.bookingFlow) return this.reply(context, await this.bookingFlow.form(context));
        if (command.id === 'konferer' && this.adviceFlow) return this.reply(context, await this.adviceFlow.form(context));
        if (command.id === 'akutt' && this.emergencyFlow) return this.reply(context, await this.emergencyFlow.form(context));
        if (command.id === 'mineVakter' && this.shiftsFlow) return this.reply(context, await this.shiftsFlow.myShifts(context));
        if (command.id === 'status' && this.statusFlow) return this.reply(context, await this.statusFlow.status(context));
        // No other command has a chat flow yet; the help card says so instead of a dead end.
        return this.sendCard(context, helpCard(messages, url, messages.comingSoon(messages.commands[command.id].keyword), this.availableCommands()));
      case 'unknown':
        return this.sendCard(context, helpCard(messages, url, messages.notUnderstood, this.availableCommands()));
      default:
        command satisfies never;
        throw new Error('unhandled command kind');
    }
  }

  private availableCommands(): CommandId[] {
    return [
      ...(this.bookingFlow ? (['book'] as const) : []),
      ...(this.adviceFlow ? (['konferer'] as const) : []),
      ...(this.emergencyFlow ? (['akutt'] as const) : []),
      ...(this.shiftsFlow ? (['mineVakter'] as const) : []),
      ...(this.statusFlow ? (['status'] as const) : []),
    ];
  }

  private async reply(context: TurnContext, reply: BotReply): Promise<void> {
    if (reply.kind === 'text') {
      await context.sendActivity(MessageFactory.text(reply.text));
      return;
    }
    const activityId = await this.postCard(context, reply.card);
    if (!reply.onSent || !activityId) return;
    try {
      await reply.onSent(activityId);
    } catch (err) {
      // The user has the card; only its later updates are lost.
      this.deps.logger.error({ event: 'bot.reply_followup_failed', err }, 'could not record the sent card');
    }
  }

  private async sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
    await this.postCard(context, card);
  }

  /** The posted message's id, as the channel answered it. */
  private async postCard(context: TurnContext, card: AdaptiveCard): Promise<string | undefined> {
    const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return response?.id;
  }

  /** Unknown when the store cannot be read: greeting twice beats never greeting. */
  private async isKnown(conversationId: string): Promise<boolean> {
    try {
      return (await this.deps.conversations.byConversationId(conversationId)) !== null;
    } catch (err) {
      this.deps.logger.error({ event: 'bot.conversation_lookup_failed', err }, 'could not read conversation store');
      return false;
    }
  }

  /**
   * Best effort: the user still gets an answer if the database is down, and the next message
   * saves the reference again.
   */
  private async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    try {
      const aadObjectId = activity.from?.aadObjectId;
      const person = aadObjectId && isPersonalConversation(activity) ? await this.deps.directory.byAadObjectId(aadObjectId) : null;
      await this.deps.conversations.save(conversationRecordFrom(activity, person?.id ?? null));
    } catch (err) {
      this.deps.logger.error({ event: 'bot.conversation_save_failed', err }, 'could not store conversation reference');
    }
  }
}
