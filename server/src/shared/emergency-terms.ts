/**
 * The words of an emergency call (akuttvideo) that the core, the contracts, the bot and the
 * tabs all use: triage colours, call statuses and outcomes, the ISBAR and vitals a call carries
 * as far as they are known, and the ambulance crew's link time and name in the call. Plain
 * values and types, browser-safe.
 */
import type { IsbarField } from './isbar';
import type { News2Parameter } from './news2';

export const TRIAGE_COLOURS = ['rod', 'gul', 'gronn'] as const;
/** Norsk indeks: rød = akutt, gul = haster, grønn = vanlig. */
export type Triage = (typeof TRIAGE_COLOURS)[number];

export const EMERGENCY_CALL_STATUSES = ['ringing', 'answered', 'connected', 'ended'] as const;
export type EmergencyCallStatus = (typeof EMERGENCY_CALL_STATUSES)[number];

export const EMERGENCY_OUTCOMES = ['ambulance', 'advice', 'referral', 'cancelled', 'other'] as const;
export type EmergencyOutcome = (typeof EMERGENCY_OUTCOMES)[number];

/** ISBAR notes on a call: every field optional (free clinical text, checked by the contracts). */
export type EmergencyIsbar = { [F in IsbarField]?: string | undefined };

/** Vitals as far as they are known: every field optional, each checked against the NEWS2 limits. */
export type PartialVitals = { -readonly [P in News2Parameter]?: unknown };

/** A crew link works this long after it was sent. @defaultValue 30 */
export const CREW_LINK_MINUTES = 30;

/** What everyone in the call sees for the crew. */
export const CREW_DISPLAY_NAME = 'Ambulanse (ambulanse)';
