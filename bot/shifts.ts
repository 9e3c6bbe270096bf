/**
 * `mine vakter`: the signed-in person's own on-call shifts for the next 14 days, read from the
 * roster store, as a short card (specialty, level, start–end in Europe/Oslo) with a link to the
 * Vaktplan tab. Rosters hold no health data; the card shows nothing else.
 */
import type { TurnContext } from 'botbuilder';
import type { Clock, Directory } from '../server/src/core/ports';
import type { RosterLevel, RosterShift } from '../server/src/core/rosters/shifts';
import type { RosterStore } from '../server/src/core/rosters/store';
import { formatOslo } from '../server/src/shared/oslo-time';
import { capitalised } from '../server/src/shared/texts';
import type { BotReply } from './booking';
import { type AdaptiveCard, adaptiveCard, openUrlAction, textBlock } from '../server/src/adapters/teams/cards/adaptive-card';
import { type Language, languageFor } from './messages';

/** How far ahead `mine vakter` looks. */
export const MY_SHIFTS_DAYS = 14;

/** What `mine vakter` needs: the roster store and the clock. */
export interface BotShiftsDeps {
  readonly rosters: Pick<RosterStore, 'listForPerson'>;
  readonly clock: Clock;
}

export interface ShiftsFlowDeps {
  readonly directory: Pick<Directory, 'byAadObjectId'>;
  readonly publicBaseUrl: string;
  readonly shifts: BotShiftsDeps;
}

const TEXT = {
  nb: {
    title: 'Mine vakter de neste 14 dagene',
    none: 'Du har ingen vakter de neste 14 dagene',
    unknownUser: 'Du finnes ikke i Samroms katalog. Kontakt en administrator.',
    open: 'Åpne vaktplanen',
    /* The level names the Vaktplan tab uses. */
    levels: { 1: 'Vakthavende (nivå 1)', 2: 'Bakvakt (nivå 2)', 3: 'Overlege (nivå 3)' } as Record<RosterLevel, string>,
  },
  en: {
    title: 'My shifts in the next 14 days',
    none: 'You have no shifts in the next 14 days',
    unknownUser: 'You are not in the Samrom directory. Contact an administrator.',
    open: 'Open the roster',
    levels: { 1: 'On call (level 1)', 2: 'Backup (level 2)', 3: 'Consultant (level 3)' } as Record<RosterLevel, string>,
  },
} as const;

/** The Vaktplan tab as a web page (the tab routes `/app/vaktplan`). */
export function rosterTabUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/app/vaktplan`;
}

export class ShiftsFlow {
  constructor(private readonly deps: ShiftsFlowDeps) {}

  async myShifts(context: TurnContext): Promise<BotReply> {
    const language = languageFor(context.activity.locale);
    const aadObjectId = context.activity.from?.aadObjectId;
    const person = aadObjectId ? await this.deps.directory.byAadObjectId(aadObjectId) : null;
    if (!person) return { kind: 'text', text: TEXT[language].unknownUser };
    const from = this.deps.shifts.clock.now();
    const to = new Date(from.getTime() + MY_SHIFTS_DAYS * 86_400_000);
    const shifts = await this.deps.shifts.rosters.listForPerson(person.id, { from, to });
    return { kind: 'card', card: myShiftsCard(language, shifts, rosterTabUrl(this.deps.publicBaseUrl)) };
  }
}

export function myShiftsCard(language: Language, shifts: readonly RosterShift[], link: string): AdaptiveCard {
  const t = TEXT[language];
  const rows = shifts.map((s) =>
    textBlock(`**${capitalised(s.specialty)}** · ${t.levels[s.level]}\n\n${formatOslo(s.startsAt, language)} – ${formatOslo(s.endsAt, language)}`, {
      separator: true,
    }),
  );
  const body = [textBlock(t.title, { size: 'Medium', weight: 'Bolder' }), ...(rows.length > 0 ? rows : [textBlock(t.none)])];
  return adaptiveCard(body, [openUrlAction(t.open, link)], rows.length > 0 ? t.title : t.none);
}
