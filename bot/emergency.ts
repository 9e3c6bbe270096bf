/**
 * `akutt` in the chat: a legevakt doctor gets the form, and its «Ring AMK» starts the call
 * through the same core use case as `POST /api/emergency-calls`, as the directory person
 * behind the Teams user. Translates only: the use case decides.
 */
import type { TurnContext } from 'botbuilder';
import { CreateEmergencyCallSchema } from '../server/src/contracts/emergency';
import { screenLink } from '../server/src/shared/deep-links';
import { errorMessage } from '../server/src/contracts/messages';
import { type EmergencyContext, REQUESTER_ROLES, requestEmergencyCall } from '../server/src/core/emergency/calls';
import { isDomainError } from '../server/src/core/errors';
import type { Directory } from '../server/src/core/ports';
import { hasAnyRole } from '../server/src/core/roles';
import { actorOfTurn } from './actor';
import type { BotReply } from './booking';
import { type EmergencyFormValue, emergencyFormCard, emergencyMessagesFor, notRungCard, requestFromEmergencyForm, ringingCard } from './emergency-cards';
import type { BotLogger } from './logger';
import { languageFor } from './messages';

/** What ringing AMK from the chat needs besides the directory: the emergency use case's context. */
export type BotEmergencyDeps = Omit<EmergencyContext, 'actor' | 'requestId' | 'directory'>;

export interface EmergencyFlowDeps {
  readonly emergency: BotEmergencyDeps;
  readonly directory: Directory;
  readonly logger: BotLogger;
  readonly publicBaseUrl: string;
  readonly teamsAppId?: string;
}

export class EmergencyFlow {
  constructor(private readonly deps: EmergencyFlowDeps) {}

  async form(context: TurnContext): Promise<BotReply> {
    const m = emergencyMessagesFor(languageFor(context.activity.locale));
    const actor = await actorOfTurn(this.deps.directory, context);
    if (!actor) return { kind: 'text', text: m.unknownUser };
    if (!hasAnyRole(actor, REQUESTER_ROLES)) return { kind: 'text', text: m.notAllowed };
    return { kind: 'card', card: emergencyFormCard(m) };
  }

  async submit(context: TurnContext, value: EmergencyFormValue): Promise<BotReply> {
    const m = emergencyMessagesFor(languageFor(context.activity.locale));
    const actor = await actorOfTurn(this.deps.directory, context);
    if (!actor) return { kind: 'text', text: m.unknownUser };
    if (!hasAnyRole(actor, REQUESTER_ROLES)) return { kind: 'text', text: m.notAllowed };
    const parsed = CreateEmergencyCallSchema.safeParse(requestFromEmergencyForm(value));
    if (!parsed.success)
      return {
        kind: 'card',
        card: notRungCard(
          m,
          parsed.error.issues.map((i) => i.message),
        ),
      };
    try {
      const call = await requestEmergencyCall(
        { ...this.deps.emergency, directory: this.deps.directory, actor, requestId: context.activity.id ?? crypto.randomUUID() },
        { ok: true, value: parsed.data },
      );
      this.deps.logger.info({ event: 'bot.emergency_call_requested', callId: call.id }, 'emergency call started from the chat');
      return { kind: 'card', card: ringingCard(m, call, this.callUrl(call.id)) };
    } catch (err) {
      if (!isDomainError(err)) throw err;
      if (err.code === 'validation_failed')
        return {
          kind: 'card',
          card: notRungCard(
            m,
            err.issues.map((i) => i.message),
          ),
        };
      if (err.code === 'emergency_call_empty') return { kind: 'card', card: notRungCard(m, [errorMessage(err.code, languageFor(context.activity.locale))]) };
      if (err.code === 'forbidden') return { kind: 'text', text: m.notAllowed };
      this.deps.logger.error({ event: 'bot.emergency_call_failed', err }, 'emergency call from the chat failed');
      return { kind: 'text', text: m.unavailable };
    }
  }

  private callUrl(id: string): string {
    const target = { kind: 'emergency-call', id } as const;
    return screenLink(this.deps, target);
  }
}
