/**
 * The words of an emergency call (akuttvideo) that the core, the contracts, the bot and the
 * tabs all use: triage colours, call statuses and outcomes, the ISBAR and vitals a call carries
 * as far as they are known, and the ambulance crew's link time and name in the call. Plain
 * values and types, browser-safe.
 */
import type { IsbarField } from './isbar';
import type { News2Parameter } from './news2';

/** Most urgent first: the console's order follows this list. */
export const TRIAGE_COLOURS = ['rod', 'gul', 'gronn'] as const;
/** Norsk indeks: rød = akutt, gul = haster, grønn = vanlig. */
export type Triage = (typeof TRIAGE_COLOURS)[number];

export const EMERGENCY_CALL_STATUSES = ['ringing', 'answered', 'connected', 'ended'] as const;
export type EmergencyCallStatus = (typeof EMERGENCY_CALL_STATUSES)[number];

/**
 * How a call ended. `cancelled`: the requester ended it before anyone answered; `unanswered`:
 * Samrom closed it because nobody answered in time after escalation (never sent by a client).
 * `advice` and `referral` are kept for calls stored before the fixed list below.
 */
export const EMERGENCY_OUTCOMES = ['phone', 'ambulance', 'no_further_action', 'other', 'advice', 'referral', 'cancelled', 'unanswered'] as const;
export type EmergencyOutcome = (typeof EMERGENCY_OUTCOMES)[number];
/** What «Avslutt» offers: a short fixed list. */
export const END_OUTCOME_CHOICES = ['phone', 'ambulance', 'no_further_action', 'other'] as const satisfies readonly EmergencyOutcome[];
/** What a person may send when ending a call; `unanswered` is Samrom's own. */
export const ENDABLE_OUTCOMES = EMERGENCY_OUTCOMES.filter((o): o is Exclude<EmergencyOutcome, 'unanswered'> => o !== 'unanswered');

/**
 * What the Teams connector said about the card to a person pulled in: not yet tried, delivered,
 * failed and being retried, or failed for good (no chat with the bot, refused, or retries spent).
 */
export const INVITE_DELIVERY_STATES = ['pending', 'delivered', 'retrying', 'failed'] as const;
export type InviteDelivery = (typeof INVITE_DELIVERY_STATES)[number];

/** ISBAR notes on a call: every field optional (free clinical text, checked by the contracts). */
export type EmergencyIsbar = { [F in IsbarField]?: string | undefined };

/** Vitals as far as they are known: every field optional, each checked against the NEWS2 limits. */
export type PartialVitals = { -readonly [P in News2Parameter]?: unknown };

/** A crew link works this long after it was sent. @defaultValue 30 */
export const CREW_LINK_MINUTES = 30;

/** What everyone in the call sees for the crew. */
export const CREW_DISPLAY_NAME = 'Ambulanse (ambulanse)';
