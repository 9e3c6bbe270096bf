/**
 * Gap alerts: an hourly scan finds, per specialty, the level-1 gaps in the next seven days
 * and plans one alert per specialty, gap start and Oslo calendar day; a job then tells the
 * specialty's coordinators in Teams (a `rosters.gap` notice). The message holds a specialty, times and a link — no
 * names of patients or clinical text (there are none in a roster anyway).
 */
import type { DeliveryLedger } from '../consultations/invitations';
import type { ConversationStore, Directory, OutgoingTeamsMessage, Notifier, Person } from '../ports';
import { toOsloLocal } from '../../shared/oslo-time';
import { findGaps } from './use-cases';
import type { RosterStore } from './store';

export interface GapAlert {
  /** Idempotency key: specialty, gap start (`now` for a gap already under way) and Oslo date. */
  readonly key: string;
  readonly specialty: string;
  readonly gapStart: string;
  readonly gapEnd: string;
}

/** Records an alert and schedules its sending, at most once per key. */
export interface GapAlertPlanner {
  /** True when this key was new and the alert was scheduled. */
  planOnce(alert: GapAlert): Promise<boolean>;
}

export interface GapScanContext {
  readonly store: Pick<RosterStore, 'list' | 'specialtiesWithShifts'>;
  readonly directory: Pick<Directory, 'list'>;
  readonly planner: GapAlertPlanner;
  readonly now: Date;
}

export interface GapScanReport {
  readonly specialties: number;
  readonly gaps: number;
  readonly planned: number;
  /** Specialties with gaps but no coordinator to tell. */
  readonly unattended: readonly string[];
}

export const coordinatorsOf = (people: readonly Person[], specialty: string): Person[] =>
  people.filter((p) => p.roles.includes('coordinator') && p.specialty === specialty);

/**
 * Scans the specialties that have a coordinator and either specialists or shifts. A
 * specialty nobody coordinates has no one to tell; it is reported so the log shows it.
 */
export async function scanRosterGaps(ctx: GapScanContext): Promise<GapScanReport> {
  const people = await ctx.directory.list();
  const specialties = new Set<string>(await ctx.store.specialtiesWithShifts(ctx.now));
  for (const p of people) if (p.specialty && p.roles.includes('specialist')) specialties.add(p.specialty);
  const day = osloDay(ctx.now);
  let gapCount = 0;
  let planned = 0;
  const unattended: string[] = [];
  for (const specialty of [...specialties].sort()) {
    const { gaps } = await findGaps(ctx.store, specialty, ctx.now);
    if (gaps.length === 0) continue;
    gapCount += gaps.length;
    if (coordinatorsOf(people, specialty).length === 0) {
      unattended.push(specialty);
      continue;
    }
    for (const gap of gaps) {
      const start = gap.startsAt.getTime() <= ctx.now.getTime() ? 'now' : gap.startsAt.toISOString();
      const alert: GapAlert = {
        key: `${specialty}|${start}|${day}`,
        specialty,
        gapStart: gap.startsAt.toISOString(),
        gapEnd: gap.endsAt.toISOString(),
      };
      if (await ctx.planner.planOnce(alert)) planned++;
    }
  }
  return { specialties: specialties.size, gaps: gapCount, planned, unattended };
}

function osloDay(instant: Date): string {
  const l = toOsloLocal(instant);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

export interface GapAlertSendContext {
  readonly directory: Pick<Directory, 'list'>;
  readonly conversations: Pick<ConversationStore, 'personalFor'>;
  readonly notifier: Notifier;
  readonly ledger: DeliveryLedger;
  readonly publicBaseUrl: string;
}

export interface GapAlertReport {
  readonly sent: number;
  readonly alreadySent: number;
  /** Coordinators without a Teams chat with the bot. */
  readonly noConversation: number;
  readonly finalFailures: number;
  /** Some sends failed in a way worth retrying. */
  readonly retry: boolean;
}

/** Sends one alert to each coordinator of the specialty, each at most once. */
export async function sendGapAlert(ctx: GapAlertSendContext, alert: GapAlert): Promise<GapAlertReport> {
  const coordinators = coordinatorsOf(await ctx.directory.list(), alert.specialty);
  const report = { sent: 0, alreadySent: 0, noConversation: 0, finalFailures: 0, retry: false };
  const message = gapAlertNotice(alert, ctx.publicBaseUrl);
  for (const coordinator of coordinators) {
    const key = `roster-gap:${alert.key}:${coordinator.id}`;
    if (await ctx.ledger.wasSent(key)) {
      report.alreadySent++;
      continue;
    }
    const conversation = await ctx.conversations.personalFor(coordinator.id);
    if (!conversation) {
      report.noConversation++;
      continue;
    }
    const outcome = await ctx.notifier.send(conversation.conversationId, message);
    if (outcome.ok) {
      await ctx.ledger.markSent(key);
      report.sent++;
    } else if (outcome.final) {
      report.finalFailures++;
    } else {
      report.retry = true;
    }
  }
  return report;
}

/** The coordinators' notice (rendered by the Teams adapter): a specialty, two times and a link to its roster. */
export function gapAlertNotice(alert: GapAlert, publicBaseUrl: string): OutgoingTeamsMessage {
  const rosterUrl = `${publicBaseUrl.replace(/\/+$/, '')}/app/vaktplan?fag=${encodeURIComponent(alert.specialty)}`;
  return { notice: { kind: 'rosters.gap', specialty: alert.specialty, gapStart: new Date(alert.gapStart), gapEnd: new Date(alert.gapEnd), rosterUrl } };
}
