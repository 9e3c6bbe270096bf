/** Scheduling in Europe/Oslo: local time, public holidays, common free slots. Pure. */
export * from './availability';
export * from './holidays';
export * from './intervals';
export * from './oslo-time';
export * from './working-hours';
