/**
 * `status`: the signed-in person's open advice requests (as requester: status and queue
 * position) and open emergency calls (as requester or the AMK operator who answered), each
 * with a link to its screen. Every read goes through the audited use cases; the card holds
 * status, times, specialty and links only — never ISBAR, triage or vital signs.
 */
import type { TurnContext } from 'botbuilder';
import type { AdviceView } from '../server/src/core/advice/use-cases';
import { myOpenAdviceRequests } from '../server/src/core/advice/use-cases';
import { listOpenEmergencyCalls } from '../server/src/core/emergency/calls';
import type { EmergencyCallRecord } from '../server/src/core/emergency/store';
import { isDomainError } from '../server/src/core/errors';
import type { Directory } from '../server/src/core/ports';
import type { Actor } from '../server/src/core/roles';
import type { AdviceStatus } from '../server/src/shared/advice-terms';
import { screenLink } from '../server/src/shared/deep-links';
import type { EmergencyCallStatus } from '../server/src/shared/emergency-terms';
import { formatOslo } from '../server/src/shared/oslo-time';
import { specialtyName } from '../server/src/shared/texts';
import { actorOfTurn } from './actor';
import type { BotAdviceDeps } from './advice';
import type { BotReply } from './booking';
import { type AdaptiveCard, adaptiveCard, openUrlAction, textBlock } from '../server/src/adapters/teams/cards/adaptive-card';
import type { BotEmergencyDeps } from './emergency';
import { type Language, languageFor } from './messages';

export interface StatusFlowDeps {
  readonly directory: Pick<Directory, 'byAadObjectId' | 'list' | 'byId'>;
  readonly publicBaseUrl: string;
  readonly teamsAppId?: string;
  readonly advice?: BotAdviceDeps;
  readonly emergency?: BotEmergencyDeps;
}

const TEXT = {
  nb: {
    title: 'Dine åpne forespørsler',
    none: 'Du har ingen åpne forespørsler',
    unknownUser: 'Du finnes ikke i Samroms katalog. Kontakt en administrator.',
    advice: (specialty: string) => `Konferanse i ${specialty}`,
    emergency: 'Akuttvideo med AMK',
    sent: (at: string) => `sendt ${at}`,
    position: (n: number) => `nr. ${n} i køen`,
    open: 'Åpne',
    adviceStatus: { queued: 'i kø', ringing: 'ringer vakthavende', connected: 'besvart', completed: 'fullført', abandoned: 'trukket tilbake' } as Record<
      AdviceStatus,
      string
    >,
    emergencyStatus: { ringing: 'ringer AMK', answered: 'besvart', connected: 'i samtale', ended: 'avsluttet' } as Record<EmergencyCallStatus, string>,
  },
  en: {
    title: 'Your open requests',
    none: 'You have no open requests',
    unknownUser: 'You are not in the Samrom directory. Contact an administrator.',
    advice: (specialty: string) => `Consultation in ${specialty}`,
    emergency: 'Emergency video with AMK',
    sent: (at: string) => `sent ${at}`,
    position: (n: number) => `number ${n} in the queue`,
    open: 'Open',
    adviceStatus: { queued: 'queued', ringing: 'ringing the on-call', connected: 'answered', completed: 'completed', abandoned: 'withdrawn' } as Record<
      AdviceStatus,
      string
    >,
    emergencyStatus: { ringing: 'ringing AMK', answered: 'answered', connected: 'in the call', ended: 'ended' } as Record<EmergencyCallStatus, string>,
  },
} as const;

/** One line of the card: what, its status, when, and where to open it. */
interface StatusItem {
  readonly title: string;
  readonly detail: string;
  readonly link: string;
}

export class StatusFlow {
  constructor(private readonly deps: StatusFlowDeps) {}

  async status(context: TurnContext): Promise<BotReply> {
    const language = languageFor(context.activity.locale);
    const actor = await actorOfTurn(this.deps.directory, context);
    if (!actor) return { kind: 'text', text: TEXT[language].unknownUser };
    const requestId = context.activity.id;
    const [advice, emergency] = await Promise.all([this.adviceItems(actor, requestId, language), this.emergencyItems(actor, requestId, language)]);
    return { kind: 'card', card: statusListCard(language, [...emergency, ...advice]) };
  }

  private async adviceItems(actor: Actor, requestId: string | undefined, language: Language): Promise<StatusItem[]> {
    if (!this.deps.advice) return [];
    const t = TEXT[language];
    const views = await myOpenAdviceRequests({ ...this.deps.advice, directory: this.deps.directory, actor, requestId });
    return views.map(({ request, position }: AdviceView) => ({
      title: t.advice(specialtyName(request.specialty, language)),
      detail: [t.adviceStatus[request.status], ...(position ? [t.position(position)] : []), t.sent(formatOslo(request.createdAt, language))].join(' · '),
      link: screenLink(this.deps, { kind: 'advice-request', id: request.id }),
    }));
  }

  /** Open calls the person requested or answered; none for those who may not list calls at all. */
  private async emergencyItems(actor: Actor, requestId: string | undefined, language: Language): Promise<StatusItem[]> {
    if (!this.deps.emergency || actor.kind !== 'person') return [];
    const t = TEXT[language];
    let calls: readonly EmergencyCallRecord[];
    try {
      ({ calls } = await listOpenEmergencyCalls(
        { ...this.deps.emergency, directory: this.deps.directory, actor, requestId },
        { ok: true, value: { open: 'true' } },
      ));
    } catch (err) {
      if (isDomainError(err) && err.code === 'forbidden') return [];
      throw err;
    }
    const me = actor.personId;
    return calls
      .filter((c) => c.requestedBy === me || c.answeredBy === me)
      .map((c) => ({
        title: t.emergency,
        detail: `${t.emergencyStatus[c.status]} · ${t.sent(formatOslo(c.requestedAt, language))}`,
        link: screenLink(this.deps, { kind: 'emergency-call', id: c.id }),
      }));
  }
}

export function statusListCard(language: Language, items: readonly StatusItem[]): AdaptiveCard {
  const t = TEXT[language];
  const rows = items.map((item) => ({
    type: 'Container',
    separator: true,
    items: [textBlock(`**${item.title}**`), textBlock(item.detail, { spacing: 'None' })],
    selectAction: openUrlAction(t.open, item.link),
  }));
  return adaptiveCard(
    [textBlock(t.title, { size: 'Medium', weight: 'Bolder' }), ...(rows.length > 0 ? rows : [textBlock(t.none)])],
    items.slice(0, 5).map((item) => openUrlAction(`${t.open}: ${item.title}`, item.link)),
    items.length > 0 ? t.title : t.none,
  );
}
