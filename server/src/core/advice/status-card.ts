/**
 * The requester's status card: one Teams message per request, updated in place at every step
 * (queued with position and estimate → ringing level 1 → the bakvakt → level 3 / coordinators
 * → answered by whom, with a join link or the callback → withdrawn or completed). Jobs
 * `advice-status` (one request) and `advice-queue-moved` (the waiting requests of a specialty)
 * re-render it from the database; nothing is sent when what the card shows has not changed.
 *
 * A request asked from the chat gets the card as the bot's reply (see `attachStatusCard`); one
 * made in the tab or the API gets it in the requester's personal chat, if the bot has one.
 * Redelivery may update the card again, never post a second one — except after a crash
 * between the send and its record, the one window no Teams API can close.
 *
 * The card shows specialty, priority, status, position and estimate, who answered (name,
 * organisation), a join link or callback number — never the ISBAR.
 */
import { screenLink } from '../../shared/deep-links';
import type { Clock, ConversationStore, Directory, Notifier, RenderedTeamsMessage, Person } from '../ports';
import { PRIORITY_LABEL } from './dispatch';
import { type AdviceRequestRecord, type RingRecord, isWaiting } from './model';
import type { AdviceQueueSource, AdviceRead, AdviceStore } from './store';
import { estimateWait } from './use-cases';

/** How long a worker holds the card it is updating. @defaultValue 4000 */
export const STATUS_CARD_CLAIM_MS = 4_000;
/** The most waiting cards one `advice-queue-moved` job refreshes (the front of the queue). */
export const STATUS_REFRESH_LIMIT = 50;

export interface StatusCardFacts {
  readonly request: Pick<AdviceRequestRecord, 'id' | 'specialty' | 'priority' | 'status' | 'mode' | 'callbackPhone'>;
  readonly position: number | null;
  readonly estimatedWaitSeconds: number | null;
  /** Every ring round so far (its rows), oldest first. */
  readonly rings: readonly Pick<RingRecord, 'attempt' | 'level' | 'kind' | 'failure'>[];
  /** Who answered. */
  readonly specialist: Pick<Person, 'name' | 'organization'> | null;
  /** The request in the tab: ISBAR, the call, the advice note. */
  readonly link: string;
}

export interface StatusCard {
  readonly message: RenderedTeamsMessage;
  /** What the card shows, as a key: equal keys, equal cards. */
  readonly key: string;
}

type Bilingual = { readonly nb: string; readonly en: string };

const LEVEL: Readonly<Record<0 | 1 | 2 | 3, Bilingual>> = {
  1: { nb: 'vakthavende (nivå 1)', en: 'the doctor on call (level 1)' },
  2: { nb: 'bakvakt (nivå 2)', en: 'the backup (level 2)' },
  3: { nb: 'overlege (nivå 3)', en: 'the consultant in charge (level 3)' },
  0: { nb: 'koordinatorene', en: 'the coordinators' },
};

const join = (parts: readonly Bilingual[], nbAnd: string, enAnd: string): Bilingual => ({
  nb: parts.map((p) => p.nb).join(` ${nbAnd} `),
  en: parts.map((p) => p.en).join(` ${enAnd} `),
});

/** One step per ring round: who it rang, and whether the coordinators were alerted. */
function roundSteps(rings: StatusCardFacts['rings']): { round: number; text: Bilingual }[] {
  const rounds = [...new Set(rings.map((r) => r.attempt))].sort((a, b) => a - b);
  return rounds.map((round) => {
    const inRound = rings.filter((r) => r.attempt === round);
    const levels = [...new Set(inRound.filter((r) => r.kind === 'ring').map((r) => r.level))].sort();
    const unreached = inRound.filter((r) => r.kind === 'ring').every((r) => r.failure !== null);
    const parts: Bilingual[] = [];
    if (levels.length > 0) {
      const who = join(
        levels.map((l) => LEVEL[l]),
        'og',
        'and',
      );
      parts.push(unreached ? { nb: `${who.nb} ble ikke nådd`, en: `${who.en} could not be reached` } : { nb: `ringer ${who.nb}`, en: `ringing ${who.en}` });
    }
    if (inRound.some((r) => r.kind === 'alarm')) parts.push({ nb: 'ingen svar: koordinatorene er varslet', en: 'no answer: the coordinators are alerted' });
    return { round, text: join(parts, '—', '—') };
  });
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function statusCard(f: StatusCardFacts): StatusCard {
  const { request } = f;
  const priority = PRIORITY_LABEL[request.priority];
  const steps = roundSteps(f.rings);
  const who = f.specialist ? `${f.specialist.name}, ${f.specialist.organization}` : 'en spesialist / a specialist';
  const minutes = f.estimatedWaitSeconds === null ? null : Math.max(1, Math.round(f.estimatedWaitSeconds / 60));
  const callback = request.mode === 'callback';

  let headline: Bilingual;
  switch (request.status) {
    case 'queued':
      headline = { nb: 'I kø', en: 'Queued' };
      break;
    case 'ringing': {
      const last = steps.at(-1)?.text;
      headline = last ? { nb: capital(last.nb), en: capital(last.en) } : { nb: 'Ringer', en: 'Ringing' };
      break;
    }
    case 'connected':
      headline = callback
        ? {
            nb: `${who} har svart på konferansen i ${request.specialty} og ringer deg tilbake${request.callbackPhone ? ` på ${request.callbackPhone}` : ''}.`,
            en: `${who} answered your ${request.specialty} consultation and will call you back${request.callbackPhone ? ` on ${request.callbackPhone}` : ''}.`,
          }
        : {
            nb: `${who} har svart på konferansen i ${request.specialty}. Bli med i samtalen:`,
            en: `${who} answered your ${request.specialty} consultation. Join the call:`,
          };
      break;
    case 'completed':
      headline = { nb: `Fullført. ${who} har gitt råd; les dem i forespørselen.`, en: `Completed. ${who} has given advice; read it in the request.` };
      break;
    case 'abandoned':
      headline = { nb: 'Trukket tilbake.', en: 'Withdrawn.' };
      break;
    default:
      request.status satisfies never;
      throw new Error('unhandled advice status');
  }
  const queueLine: Bilingual | null =
    isWaiting(request.status) && f.position !== null
      ? {
          nb: `Plass ${f.position} i køen, anslått ventetid ca. ${minutes ?? '?'} min.`,
          en: `Position ${f.position} in the queue, estimated wait about ${minutes ?? '?'} min.`,
        }
      : null;

  const stepLines: Bilingual[] = [{ nb: 'Satt i kø', en: 'Queued' }, ...steps.map((s) => ({ nb: capital(s.text.nb), en: capital(s.text.en) }))];
  if (request.status === 'connected' || request.status === 'completed') stepLines.push({ nb: `Besvart av ${who}`, en: `Answered by ${who}` });
  if (request.status === 'abandoned') stepLines.push({ nb: 'Trukket tilbake', en: 'Withdrawn' });

  const joinable = request.status === 'connected' && !callback;
  const text = [headline, ...(queueLine ? [queueLine] : [])];
  const message: RenderedTeamsMessage = {
    text: `Konferanse i ${request.specialty}: ${text.map((t) => t.nb).join(' ')} / ${request.specialty} consultation: ${text.map((t) => t.en).join(' ')} ${f.link}`,
    card: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: `Konferanse i ${request.specialty} / ${request.specialty} consultation`, weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: `${priority.nb} / ${priority.en}`, color: priority.color, weight: 'Bolder', wrap: true, spacing: 'None' },
        { type: 'TextBlock', text: headline.nb, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: headline.en, wrap: true, isSubtle: true, spacing: 'None' },
        ...(queueLine
          ? [
              { type: 'TextBlock', text: queueLine.nb, wrap: true },
              { type: 'TextBlock', text: queueLine.en, wrap: true, isSubtle: true, spacing: 'None' },
            ]
          : []),
        { type: 'TextBlock', text: 'Forløp / Steps', weight: 'Bolder', wrap: true, separator: true },
        ...stepLines.map((s, i) => ({
          type: 'TextBlock',
          text: `${i + 1}. ${s.nb} / ${s.en}`,
          wrap: true,
          spacing: 'Small',
          isSubtle: i < stepLines.length - 1,
        })),
      ],
      actions: [{ type: 'Action.OpenUrl', title: joinable ? 'Bli med / Join' : 'Åpne forespørselen / Open the request', url: f.link }],
    },
  };
  const key = JSON.stringify([
    request.status,
    f.position,
    minutes,
    steps.map((s) => s.text.nb),
    f.specialist?.name ?? null,
    f.specialist?.organization ?? null,
  ]);
  return { message, key };
}

export interface StatusCardContext {
  readonly store: Pick<AdviceStore, 'byId' | 'read' | 'claimStatusCard' | 'statusCardSent' | 'releaseStatusCard'> & Pick<AdviceQueueSource, 'waiting'>;
  readonly directory: Pick<Directory, 'byId'>;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly ringTimeoutSeconds: number;
  readonly publicBaseUrl: string;
  /** The Teams app id: the card's link then opens the tab in Teams, as the bot's reply does. */
  readonly teamsAppId?: string;
  /** @defaultValue {@link STATUS_CARD_CLAIM_MS} */
  readonly statusClaimMs?: number;
}

/**
 * `retry`: another worker holds the card, or Teams asked to try later — run again and the card
 * then shows what is current. `skipped`: no card to keep (no chat, or the bot's reply pending).
 */
export type StatusCardOutcome = 'sent' | 'updated' | 'unchanged' | 'skipped' | 'retry';

/** Where the card's buttons go: the request in the tab (in Teams when the app id is known). */
export function statusCardLink(ctx: { readonly publicBaseUrl: string; readonly teamsAppId?: string | undefined }, requestId: string): string {
  const target = { kind: 'advice-request', id: requestId } as const;
  return screenLink(ctx, target);
}

/** The card for a request as one read found it (request, rings, position, medians). */
async function cardOf(
  ctx: Pick<StatusCardContext, 'directory' | 'ringTimeoutSeconds' | 'publicBaseUrl' | 'teamsAppId'>,
  found: AdviceRead,
): Promise<StatusCard> {
  const { request, rings } = found;
  const view = estimateWait(ctx, request, found.position, found.medians);
  const specialist = request.acceptedBy ? await ctx.directory.byId(request.acceptedBy) : null;
  return statusCard({
    request,
    position: view.position,
    estimatedWaitSeconds: view.estimatedWaitSeconds,
    rings,
    specialist,
    link: statusCardLink(ctx, request.id),
  });
}

/** How many times one job re-renders a card that changed again while it was being sent. */
const REFRESH_PASSES = 3;

/**
 * Sends or updates the card to show the request as it is now. A transition that lands while
 * the card is being sent finds it held and is retried later; so that the card does not lag
 * until then, the holder looks again after its send and updates once more if it changed.
 */
export async function refreshStatusCard(ctx: StatusCardContext, requestId: string): Promise<StatusCardOutcome> {
  let result: StatusCardOutcome = 'unchanged';
  for (let pass = 0; pass < REFRESH_PASSES; pass++) {
    const outcome = await refreshOnce(ctx, requestId);
    if (outcome !== 'sent' && outcome !== 'updated') return pass === 0 ? outcome : result;
    if (result !== 'sent') result = outcome;
  }
  return result;
}

async function refreshOnce(ctx: StatusCardContext, requestId: string): Promise<StatusCardOutcome> {
  const claim = await ctx.store.claimStatusCard(requestId, ctx.clock.now(), ctx.statusClaimMs ?? STATUS_CARD_CLAIM_MS);
  if (claim.kind === 'held') return 'retry';
  if (claim.kind !== 'claimed') return 'skipped';
  let outcome: StatusCardOutcome = 'skipped';
  try {
    // Read after the claim: what the card shows is then at least as new as the job.
    const found = await ctx.store.read(requestId);
    const conversationId = claim.card.conversationId ?? (found ? (await ctx.conversations.personalFor(found.request.requesterId))?.conversationId : undefined);
    if (!found || !conversationId) return 'skipped';
    const card = await cardOf(ctx, found);
    const activityId = claim.card.activityId;
    if (activityId !== null && claim.card.shown === card.key) return (outcome = 'unchanged');
    const sent = await ctx.notifier.send(conversationId, activityId === null ? card.message : { ...card.message, replaceActivityId: activityId });
    if (sent.ok) {
      await ctx.store.statusCardSent(requestId, conversationId, activityId ?? sent.activityId, card.key);
      return (outcome = activityId === null ? 'sent' : 'updated');
    }
    // Refused for good (the chat or the message is gone): the next step tries again.
    return (outcome = sent.final ? 'skipped' : 'retry');
  } finally {
    if (outcome !== 'sent' && outcome !== 'updated') await ctx.store.releaseStatusCard(requestId);
  }
}

export interface QueueRefreshReport {
  readonly refreshed: number;
  readonly retry: boolean;
}

/**
 * The queue of the request's specialty moved: the cards of the waiting requests at its front
 * are refreshed. Unchanged ones are not sent, so several moves at once cost reads, not messages.
 */
export async function refreshQueueCards(ctx: StatusCardContext, requestId: string): Promise<QueueRefreshReport> {
  const moved = await ctx.store.byId(requestId);
  if (!moved) return { refreshed: 0, retry: false };
  let refreshed = 0;
  let retry = false;
  for (const waiting of await ctx.store.waiting(moved.specialty, STATUS_REFRESH_LIMIT)) {
    if (waiting.statusActivityId === null) continue;
    const outcome = await refreshStatusCard(ctx, waiting.id);
    if (outcome === 'updated') refreshed++;
    if (outcome === 'retry') retry = true;
  }
  return { refreshed, retry };
}
