/**
 * `konferer`: the ask-for-advice form (Adaptive Card 1.5) and what its submit turns into. The
 * submit is validated with the same contracts schema as `POST /api/advice-requests`. The ISBAR
 * typed here goes to the API only; the bot's answers never repeat it.
 */
import { ADVICE_PRIORITIES, type AdviceMode, type AdvicePriority, type CreateAdviceRequest, CreateAdviceRequestSchema } from '../server/src/contracts/advice';
import { ISBAR_FIELDS } from '../server/src/contracts/summary';
import { advicePriorityLabels, isbarFieldLabels, specialtyName } from '../server/src/shared/texts';
import type { AdaptiveCard } from './cards';
import type { Language } from './messages';

/** `data.samromAction` of the form's submit button. */
export const ASK_ADVICE_ACTION = 'advice.ask';

export const ADVICE_FORM_TEXT = {
  nb: {
    title: 'Be om råd fra vakthavende',
    intro: 'Forespørselen settes i kø for fagområdet, og vakthavende ringes opp i Teams.',
    specialty: 'Fagområde',
    priority: 'Hastegrad',
    priorities: advicePriorityLabels('nb', true),
    isbar: isbarFieldLabels('nb', 'Spørsmål / råd ønsket'),
    callbackPhone: 'Telefonnummer for tilbakeringing (valgfritt)',
    mode: 'Hvordan',
    modes: { video: 'Video', audio: 'Bare lyd', callback: 'Ring meg tilbake' } satisfies Record<AdviceMode, string>,
    send: 'Send forespørsel',
    notSent: 'Forespørselen ble ikke sendt. Rett opp og prøv igjen:',
  },
  en: {
    title: 'Ask the doctor on call for advice',
    intro: 'The request waits in the queue for the specialty, and the doctor on call is rung in Teams.',
    specialty: 'Specialty',
    priority: 'Priority',
    priorities: advicePriorityLabels('en', true),
    isbar: isbarFieldLabels('en', 'Question / advice wanted'),
    callbackPhone: 'Phone number to call back (optional)',
    mode: 'How',
    modes: { video: 'Video', audio: 'Audio only', callback: 'Call me back' } satisfies Record<AdviceMode, string>,
    send: 'Send request',
    notSent: 'The request was not sent. Correct and try again:',
  },
} as const;

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

export function adviceFormCard(language: Language, specialties: readonly string[]): AdaptiveCard {
  const t = ADVICE_FORM_TEXT[language];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: t.title,
    body: [
      text(t.title, { size: 'Medium', weight: 'Bolder' }),
      text(t.intro, { isSubtle: true }),
      {
        type: 'Input.ChoiceSet',
        id: 'specialty',
        label: t.specialty,
        isRequired: true,
        errorMessage: t.specialty,
        choices: specialties.map((s) => ({ title: specialtyName(s, language), value: s })),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'priority',
        label: t.priority,
        isRequired: true,
        value: 'vanlig',
        choices: ADVICE_PRIORITIES.map((p) => ({ title: t.priorities[p], value: p })),
      },
      ...ISBAR_FIELDS.map((field) => ({ type: 'Input.Text', id: field, label: t.isbar[field], isMultiline: true, maxLength: 4000 })),
      { type: 'Input.Text', id: 'callbackPhone', label: t.callbackPhone, style: 'Tel', maxLength: 30 },
      {
        type: 'Input.ChoiceSet',
        id: 'mode',
        label: t.mode,
        style: 'expanded',
        value: 'video',
        choices: (['video', 'audio', 'callback'] as const).map((m) => ({ title: t.modes[m], value: m })),
      },
    ],
    actions: [{ type: 'Action.Submit', title: t.send, data: { samromAction: ASK_ADVICE_ACTION } }],
  };
}

/** The form's strings onto the API's request; empty fields are left out. */
export function adviceRequestFromForm(value: Readonly<Record<string, unknown>>): ReturnType<typeof CreateAdviceRequestSchema.safeParse> {
  const field = (name: string) => (typeof value[name] === 'string' && (value[name] as string).trim() !== '' ? (value[name] as string) : undefined);
  const body: Record<string, unknown> = {
    specialty: field('specialty'),
    priority: field('priority'),
    isbar: Object.fromEntries(ISBAR_FIELDS.map((f) => [f, field(f) ?? ''])),
    ...(field('callbackPhone') ? { callbackPhone: field('callbackPhone') } : {}),
    ...(field('mode') ? { mode: field('mode') } : {}),
  };
  return CreateAdviceRequestSchema.safeParse(body);
}

export type { CreateAdviceRequest };
