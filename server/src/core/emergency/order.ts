/**
 * The AMK console's order, in one place: the most urgent open call first. A red call that has
 * waited sixteen minutes must never sit below a newer yellow one, so the order is decided here,
 * served by `GET /api/emergency-calls?open=true` and pushed over the stream, and the console
 * shows it as it comes.
 *
 * 1. triage: rød, gul, grønn, then none;
 * 2. NEWS2 total, highest first (a call without a complete set last within its colour);
 * 3. waiting time, longest first (requested earliest);
 * 4. the id, so two equal calls keep one order everywhere.
 */
import { TRIAGE_COLOURS, type Triage } from '../../shared/emergency-terms';
import type { EmergencyCallRecord } from './store';

type Ordered = Pick<EmergencyCallRecord, 'id' | 'triage' | 'news2Total' | 'requestedAt' | 'status'>;

const triageRank = (triage: Triage | null): number => (triage === null ? TRIAGE_COLOURS.length : TRIAGE_COLOURS.indexOf(triage));

/** Negative when `a` is more urgent than `b`. */
export function compareForConsole(a: Ordered, b: Ordered): number {
  return (
    triageRank(a.triage) - triageRank(b.triage) ||
    (b.news2Total ?? -1) - (a.news2Total ?? -1) ||
    a.requestedAt.getTime() - b.requestedAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The open (not ended) calls, most urgent first; the input is left as it was. */
export function consoleOrder<T extends Ordered>(calls: readonly T[]): T[] {
  return calls.filter((c) => c.status !== 'ended').sort(compareForConsole);
}
