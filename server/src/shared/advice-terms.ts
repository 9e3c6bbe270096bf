/**
 * The words of the advice line (konfereringstelefon) that the core, the contracts, the bot and
 * the tabs all use: priorities, request statuses and how the specialist answers. Plain values
 * and types, browser-safe.
 */

export const ADVICE_PRIORITIES = ['akutt', 'haster', 'vanlig'] as const;
export type AdvicePriority = (typeof ADVICE_PRIORITIES)[number];
export const ADVICE_STATUSES = ['queued', 'ringing', 'connected', 'completed', 'abandoned'] as const;
export type AdviceStatus = (typeof ADVICE_STATUSES)[number];
/** `callback`: no call in Samrom; the specialist rings the requester's number. */
export const ADVICE_MODES = ['video', 'audio', 'callback'] as const;
export type AdviceMode = (typeof ADVICE_MODES)[number];
