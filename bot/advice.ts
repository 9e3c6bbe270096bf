/**
 * Answering a ring from its Teams card: «Svar» and «Avslå» (Action.Submit with
 * `{samromAction: 'advice.accept' | 'advice.decline', requestId}`) go to the same core use
 * cases as the API, as the directory person behind the Teams user. The reply holds the
 * specialty, the callback number for a callback request and a link; the ISBAR opens in the tab.
 */
import type { TurnContext } from 'botbuilder';
import {
  ADVICE_REQUESTER_ROLES,
  type AdviceContext,
  acceptAdviceRequest,
  createAdviceRequest,
  declineAdviceRequest,
} from '../server/src/core/advice/use-cases';
import { hasAnyRole } from '../server/src/core/roles';
import { renderNotice } from '../server/src/adapters/teams/render-notice';
import { statusCardLink, statusNotice } from '../server/src/core/advice/status-card';
import { specialtyName } from '../server/src/shared/texts';
import { actorOfTurn } from './actor';
import { ADVICE_FORM_TEXT, ASK_ADVICE_ACTION, adviceFormCard, adviceRequestFromForm } from './advice-cards';
import type { AdaptiveCard } from './cards';
import { isDomainError } from '../server/src/core/errors';
import type { Directory } from '../server/src/core/ports';
import type { BotReply } from './booking';
import type { BotLogger } from './logger';
import { languageFor } from './messages';

export const ADVICE_ACTIONS = { accept: 'advice.accept', decline: 'advice.decline', ask: ASK_ADVICE_ACTION } as const;

/** What the advice use cases need beyond the bot's own directory. */
export type BotAdviceDeps = Omit<AdviceContext, 'actor' | 'requestId' | 'directory'>;

export type AdviceSubmit =
  | { readonly samromAction: typeof ADVICE_ACTIONS.accept | typeof ADVICE_ACTIONS.decline; readonly requestId: string }
  /** The `konferer` form: its inputs as strings. */
  | ({ readonly samromAction: typeof ADVICE_ACTIONS.ask } & Readonly<Record<string, unknown>>);

export function isAdviceSubmit(value: unknown): value is AdviceSubmit {
  const v = value as Partial<AdviceSubmit> | null | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    (((v.samromAction === ADVICE_ACTIONS.accept || v.samromAction === ADVICE_ACTIONS.decline) && typeof v.requestId === 'string') ||
      v.samromAction === ADVICE_ACTIONS.ask)
  );
}

const TEXT = {
  nb: {
    unknownUser: 'Du finnes ikke i Samroms katalog. Kontakt en administrator.',
    notAllowed: 'Bare fastleger, legevakt og spesialister kan be om råd.',
    accepted: (specialty: string) => `Du har svart på konferansen i ${specialty}. Åpne forespørselen for ISBAR og samtalen:`,
    callback: (phone: string) => `Ring tilbake til ${phone}.`,
    declined: 'Avslått. Neste i vaktplanen blir ringt.',
    taken: 'Forespørselen er allerede besvart eller trukket tilbake.',
    notYours: 'Du ble ikke ringt for denne forespørselen.',
    failed: 'Noe gikk galt. Prøv igjen fra fanen.',
  },
  en: {
    unknownUser: 'You are not in the Samrom directory. Contact an administrator.',
    notAllowed: 'Only GPs, out-of-hours doctors and specialists can ask for advice.',
    accepted: (specialty: string) => `You answered the ${specialty} consultation. Open the request for the ISBAR and the call:`,
    callback: (phone: string) => `Call back on ${phone}.`,
    declined: 'Declined. The next in the roster is rung.',
    taken: 'The request was already answered or withdrawn.',
    notYours: 'You were not rung for this request.',
    failed: 'Something went wrong. Try again from the tab.',
  },
} as const;

export interface AdviceFlowDeps {
  readonly directory: Directory;
  readonly logger: BotLogger;
  readonly publicBaseUrl: string;
  readonly teamsAppId?: string;
  readonly advice: BotAdviceDeps;
}

export class AdviceFlow {
  constructor(private readonly deps: AdviceFlowDeps) {}

  /** `konferer`: the form, for those who may ask. */
  async form(context: TurnContext): Promise<BotReply> {
    const language = languageFor(context.activity.locale);
    const ctx = await this.context(context);
    if (!ctx) return { kind: 'text', text: TEXT[language].unknownUser };
    if (!hasAnyRole(ctx.actor, ADVICE_REQUESTER_ROLES)) return { kind: 'text', text: TEXT[language].notAllowed };
    const people = await this.deps.directory.list();
    const specialties = [...new Set(people.filter((p) => p.specialty && p.roles.includes('specialist')).map((p) => p.specialty!))].sort();
    return { kind: 'card', card: adviceFormCard(language, specialties) };
  }

  async submit(context: TurnContext, value: AdviceSubmit): Promise<BotReply> {
    const language = languageFor(context.activity.locale);
    const t = TEXT[language];
    const ctx = await this.context(context);
    if (!ctx) return { kind: 'text', text: t.unknownUser };
    try {
      if (value.samromAction === ADVICE_ACTIONS.ask) {
        const parsed = adviceRequestFromForm(value);
        const f = ADVICE_FORM_TEXT[language];
        if (!parsed.success) {
          const messages = [...new Set(parsed.error.issues.map((i) => localized(i.message, language)))];
          return { kind: 'text', text: [f.notSent, ...messages.map((m) => `• ${m}`)].join('\n\n') };
        }
        // The answer is the request's status card, kept up to date in place by the workers.
        const created = await createAdviceRequest(ctx, parsed.data, undefined, { conversationId: context.activity.conversation.id });
        const card = statusNotice({ ...created, onCall: created, rings: [], specialist: null, link: statusCardLink(this.deps, created.request.id) });
        const message = renderNotice(card.notice);
        const store = this.deps.advice.store;
        return {
          kind: 'card',
          card: { ...message.card, fallbackText: message.text } as AdaptiveCard,
          onSent: async (activityId) => void (await store.attachStatusCard(created.request.id, activityId, card.key)),
        };
      }
      if (value.samromAction === ADVICE_ACTIONS.decline) {
        await declineAdviceRequest(ctx, value.requestId);
        return { kind: 'text', text: t.declined };
      }
      const request = await acceptAdviceRequest(ctx, value.requestId);
      const lines = [t.accepted(specialtyName(request.specialty, language)), statusCardLink(this.deps, request.id)];
      if (request.mode === 'callback' && request.callbackPhone) lines.push(t.callback(request.callbackPhone));
      return { kind: 'text', text: lines.join('\n\n') };
    } catch (err) {
      if (isDomainError(err) && (err.code === 'unprocessable' || err.code === 'validation_failed')) {
        return { kind: 'text', text: [ADVICE_FORM_TEXT[language].notSent, ...err.issues.map((i) => `• ${localized(i.message, language)}`)].join('\n\n') };
      }
      if (isDomainError(err) && err.code === 'forbidden' && value.samromAction === ADVICE_ACTIONS.ask) return { kind: 'text', text: t.notAllowed };
      if (isDomainError(err) && (err.code === 'conflict' || err.code === 'not_found')) return { kind: 'text', text: t.taken };
      if (isDomainError(err) && err.code === 'forbidden') return { kind: 'text', text: t.notYours };
      this.deps.logger.error({ event: 'bot.advice_failed', err }, 'could not answer an advice request');
      return { kind: 'text', text: t.failed };
    }
  }

  private async context(context: TurnContext): Promise<AdviceContext | null> {
    const actor = await actorOfTurn(this.deps.directory, context);
    if (!actor) return null;
    return { ...this.deps.advice, directory: this.deps.directory, actor, requestId: context.activity.id };
  }
}

/** Catalogue messages are «norsk / English»: the part for the user's language. */
function localized(message: string, language: 'nb' | 'en'): string {
  const [nb, en] = message.split(' / ');
  return (language === 'en' ? en : nb) ?? message;
}
