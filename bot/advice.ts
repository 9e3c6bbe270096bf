/**
 * Answering a ring from its Teams card: «Svar» and «Avslå» (Action.Submit with
 * `{samromAction: 'advice.accept' | 'advice.decline', requestId}`) go to the same core use
 * cases as the API, as the directory person behind the Teams user. The reply holds the
 * specialty, the callback number for a callback request and a link; the ISBAR opens in the tab.
 */
import type { TurnContext } from 'botbuilder';
import { browserUrl, teamsDeepLink } from '../server/src/contracts/deep-links';
import { type AdviceContext, acceptAdviceRequest, declineAdviceRequest } from '../server/src/core/advice/use-cases';
import { personActor } from '../server/src/core/directory';
import { isDomainError } from '../server/src/core/errors';
import type { Directory } from '../server/src/core/ports';
import type { BotReply } from './booking';
import { type BotLogger, errorSummary } from './logger';
import { languageFor } from './messages';

export const ADVICE_ACTIONS = { accept: 'advice.accept', decline: 'advice.decline' } as const;

/** What the advice use cases need beyond the bot's own directory. */
export type BotAdviceDeps = Omit<AdviceContext, 'actor' | 'requestId' | 'directory'>;

export interface AdviceSubmit {
  readonly samromAction: (typeof ADVICE_ACTIONS)[keyof typeof ADVICE_ACTIONS];
  readonly requestId: string;
}

export function isAdviceSubmit(value: unknown): value is AdviceSubmit {
  const v = value as Partial<AdviceSubmit> | null | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.samromAction === ADVICE_ACTIONS.accept || v.samromAction === ADVICE_ACTIONS.decline) &&
    typeof v.requestId === 'string'
  );
}

const TEXT = {
  nb: {
    unknownUser: 'Du finnes ikke i Samroms katalog. Kontakt en administrator.',
    accepted: (specialty: string) => `Du har svart på konferansen i ${specialty}. Åpne forespørselen for ISBAR og samtalen:`,
    callback: (phone: string) => `Ring tilbake til ${phone}.`,
    declined: 'Avslått. Neste i vaktplanen blir ringt.',
    taken: 'Forespørselen er allerede besvart eller trukket tilbake.',
    notYours: 'Du ble ikke ringt for denne forespørselen.',
    failed: 'Noe gikk galt. Prøv igjen fra fanen.',
  },
  en: {
    unknownUser: 'You are not in the Samrom directory. Contact an administrator.',
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

  async submit(context: TurnContext, value: AdviceSubmit): Promise<BotReply> {
    const t = TEXT[languageFor(context.activity.locale)];
    const aadObjectId = context.activity.from?.aadObjectId;
    const person = aadObjectId ? await this.deps.directory.byAadObjectId(aadObjectId) : null;
    if (!person) return { kind: 'text', text: t.unknownUser };
    const ctx: AdviceContext = { ...this.deps.advice, directory: this.deps.directory, actor: personActor(person), requestId: context.activity.id };
    try {
      if (value.samromAction === ADVICE_ACTIONS.decline) {
        await declineAdviceRequest(ctx, value.requestId);
        return { kind: 'text', text: t.declined };
      }
      const request = await acceptAdviceRequest(ctx, value.requestId);
      const lines = [t.accepted(request.specialty), this.link(request.id)];
      if (request.mode === 'callback' && request.callbackPhone) lines.push(t.callback(request.callbackPhone));
      return { kind: 'text', text: lines.join('\n\n') };
    } catch (err) {
      if (isDomainError(err) && (err.code === 'conflict' || err.code === 'not_found')) return { kind: 'text', text: t.taken };
      if (isDomainError(err) && err.code === 'forbidden') return { kind: 'text', text: t.notYours };
      this.deps.logger.error({ event: 'bot.advice_failed', ...errorSummary(err) }, 'could not answer an advice request');
      return { kind: 'text', text: t.failed };
    }
  }

  private link(id: string): string {
    const target = { kind: 'advice-request', id } as const;
    const { publicBaseUrl, teamsAppId } = this.deps;
    return teamsAppId ? teamsDeepLink({ teamsAppId, publicBaseUrl, target }) : browserUrl(publicBaseUrl, target);
  }
}
