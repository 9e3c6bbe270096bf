/**
 * Turns what a user wrote into a command. Pure, so the matching rules are unit-tested apart
 * from the Bot Framework plumbing.
 */
import type { CommandId } from './messages';

export type ParsedCommand = { readonly kind: 'help' } | { readonly kind: 'command'; readonly id: CommandId } | { readonly kind: 'unknown' };

/** Accepted spellings, already normalised (lower case, single spaces, no punctuation). */
const ALIASES: ReadonlyArray<readonly [string, ParsedCommand]> = [
  ['hjelp', { kind: 'help' }],
  ['help', { kind: 'help' }],
  ['meny', { kind: 'help' }],
  ['book samtale', { kind: 'command', id: 'book' }],
  ['book', { kind: 'command', id: 'book' }],
  ['book meeting', { kind: 'command', id: 'book' }],
  ['akutt', { kind: 'command', id: 'akutt' }],
  ['akuttvideo', { kind: 'command', id: 'akutt' }],
  ['emergency', { kind: 'command', id: 'akutt' }],
  ['konferer', { kind: 'command', id: 'konferer' }],
  ['consult', { kind: 'command', id: 'konferer' }],
  ['mine vakter', { kind: 'command', id: 'mineVakter' }],
  ['vakter', { kind: 'command', id: 'mineVakter' }],
  ['my shifts', { kind: 'command', id: 'mineVakter' }],
  ['status', { kind: 'command', id: 'status' }],
];

/** Lower case, mentions and punctuation gone, whitespace collapsed. */
export function normaliseCommandText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .replace(/[«»"'!?.,:;/\\]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseCommand(text: string | undefined | null): ParsedCommand {
  const normalised = normaliseCommandText(text ?? '');
  if (normalised === '') return { kind: 'unknown' };
  for (const [alias, command] of ALIASES) {
    if (normalised === alias) return command;
  }
  return { kind: 'unknown' };
}
