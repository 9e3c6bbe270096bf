/**
 * Europe/Oslo wall-clock time for the tabs and the bot (browser-safe): the core's own
 * functions, so a form reads a local date and time exactly as the server and reminders do.
 */
export { addOsloDays, formatOslo, parseOsloLocalIso, startOfOsloDay, toOsloLocal } from '../core/scheduling/oslo-time';
