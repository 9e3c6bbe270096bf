/**
 * `akutt` in the chat: the form (Adaptive Card 1.5) a legevakt doctor fills to ring AMK, what
 * its submit turns into, and the answer. The submit is mapped onto the request shape of
 * `POST /api/emergency-calls` and validated by the same contracts schema there. The answer
 * carries the status, the triage colour and the NEWS2 total at most: never ISBAR or vitals.
 */
import type { CreateEmergencyCall, EmergencyCallDto, Triage } from '../server/src/contracts/emergency';
import { TRIAGE_COLOURS } from '../server/src/contracts/emergency';
import { type AdaptiveCard, adaptiveCard as card, factSet, openUrlAction, textBlock as text } from '../server/src/adapters/teams/cards/adaptive-card';
import { ISBAR_FIELDS } from '../server/src/shared/isbar';
import { isbarFieldLabels, triageLabels } from '../server/src/shared/texts';
import type { Language } from './messages';

/** `data.samromAction` of «Ring AMK». */
export const EMERGENCY_ACTION = 'ring-amk';
/** The form's ISBAR inputs, one per field of the shared list. */
export { ISBAR_FIELDS };
const NUMBER_FIELDS = ['respirationRate', 'spo2', 'systolicBp', 'pulse', 'temperature'] as const;
const CONSCIOUSNESS = ['alert', 'confusion', 'voice', 'pain', 'unresponsive'] as const;

export type EmergencyFormValue = Readonly<Record<string, unknown>> & { readonly samromAction: typeof EMERGENCY_ACTION };

export function isEmergencySubmit(value: unknown): value is EmergencyFormValue {
  return typeof value === 'object' && value !== null && (value as { samromAction?: unknown }).samromAction === EMERGENCY_ACTION;
}

export interface EmergencyMessages {
  readonly formTitle: string;
  readonly formIntro: string;
  readonly isbarHeading: string;
  readonly isbar: Readonly<Record<(typeof ISBAR_FIELDS)[number], string>>;
  readonly vitalsHeading: string;
  readonly respirationRate: string;
  readonly spo2: string;
  readonly spo2Scale: string;
  readonly scale1: string;
  readonly scale2: string;
  readonly onOxygen: string;
  readonly systolicBp: string;
  readonly pulse: string;
  readonly consciousness: string;
  readonly consciousnessChoices: Readonly<Record<(typeof CONSCIOUSNESS)[number], string>>;
  readonly temperature: string;
  readonly triage: string;
  readonly triageChoices: Readonly<Record<Triage, string>>;
  readonly ring: string;
  readonly ringing: string;
  readonly ringingBody: string;
  readonly notRung: string;
  readonly news2: string;
  readonly notScored: string;
  readonly open: string;
  readonly unknownUser: string;
  readonly notAllowed: string;
  readonly unavailable: string;
}

const NB: EmergencyMessages = {
  formTitle: 'Akuttvideo med AMK',
  formIntro: 'Fyll inn minst hastegrad, én vital parameter eller ett ISBAR-felt. Opplysningene vises bare i Samrom-fanen, aldri i meldinger.',
  isbarHeading: 'ISBAR',
  isbar: isbarFieldLabels('nb'),
  vitalsHeading: 'Vitale parametere (NEWS2)',
  respirationRate: 'Respirasjonsfrekvens (/min)',
  spo2: 'SpO₂ (%)',
  spo2Scale: 'SpO₂-skala',
  scale1: 'Skala 1',
  scale2: 'Skala 2 (hyperkapnisk respirasjonssvikt)',
  onOxygen: 'Får oksygen',
  systolicBp: 'Systolisk blodtrykk (mmHg)',
  pulse: 'Puls (/min)',
  consciousness: 'Bevissthet (ACVPU)',
  consciousnessChoices: {
    alert: 'Våken (A)',
    confusion: 'Nyoppstått forvirring (C)',
    voice: 'Reagerer på tiltale (V)',
    pain: 'Reagerer på smerte (P)',
    unresponsive: 'Reagerer ikke (U)',
  },
  temperature: 'Temperatur (°C)',
  triage: 'Hastegrad',
  triageChoices: triageLabels('nb'),
  ring: 'Ring AMK',
  ringing: 'Ringer AMK …',
  ringingBody: 'Alle AMK-operatører på vakt er varslet. Følg samtalen i Akutt-fanen.',
  notRung: 'AMK ble ikke ringt',
  news2: 'NEWS2',
  notScored: 'ikke beregnet',
  open: 'Åpne i Akutt-fanen',
  unknownUser: 'Jeg finner deg ikke i Samrom-katalogen. Be administratoren legge deg til.',
  notAllowed: 'Beklager, akuttvideo med AMK kan bare startes av leger på legevakt. Ring 113 ved akutt behov.',
  unavailable: 'Beklager, noe gikk galt hos oss. Bruk Akutt-fanen, eller ring 113.',
};

const EN: EmergencyMessages = {
  formTitle: 'Emergency video with AMK',
  formIntro: 'Give at least a triage colour, one vital sign or one ISBAR field. The details are shown only in the Samrom tab, never in messages.',
  isbarHeading: 'ISBAR',
  isbar: isbarFieldLabels('en'),
  vitalsHeading: 'Vital signs (NEWS2)',
  respirationRate: 'Respiration rate (/min)',
  spo2: 'SpO₂ (%)',
  spo2Scale: 'SpO₂ scale',
  scale1: 'Scale 1',
  scale2: 'Scale 2 (hypercapnic respiratory failure)',
  onOxygen: 'On oxygen',
  systolicBp: 'Systolic blood pressure (mmHg)',
  pulse: 'Pulse (/min)',
  consciousness: 'Consciousness (ACVPU)',
  consciousnessChoices: {
    alert: 'Alert (A)',
    confusion: 'New confusion (C)',
    voice: 'Responds to voice (V)',
    pain: 'Responds to pain (P)',
    unresponsive: 'Unresponsive (U)',
  },
  temperature: 'Temperature (°C)',
  triage: 'Triage',
  triageChoices: triageLabels('en'),
  ring: 'Call AMK',
  ringing: 'Calling AMK …',
  ringingBody: 'Every AMK operator on duty has been alerted. Follow the call in the Akutt tab.',
  notRung: 'AMK was not called',
  news2: 'NEWS2',
  notScored: 'not scored',
  open: 'Open in the Akutt tab',
  unknownUser: 'I cannot find you in the Samrom directory. Ask your administrator to add you.',
  notAllowed: 'Sorry, emergency video with AMK can only be started by legevakt doctors. Call 113 in an emergency.',
  unavailable: 'Sorry, something went wrong on our side. Use the Akutt tab, or call 113.',
};

export const emergencyMessagesFor = (language: Language): EmergencyMessages => (language === 'en' ? EN : NB);

export function emergencyFormCard(m: EmergencyMessages): AdaptiveCard {
  const number = (id: (typeof NUMBER_FIELDS)[number]) => ({ type: 'Input.Number', id, label: m[id] });
  return card(
    [
      text(m.formTitle, { size: 'Medium', weight: 'Bolder' }),
      text(m.formIntro, { isSubtle: true }),
      text(m.isbarHeading, { weight: 'Bolder', spacing: 'Medium' }),
      ...ISBAR_FIELDS.map((id) => ({ type: 'Input.Text', id, label: m.isbar[id], isMultiline: true, maxLength: 2000 })),
      text(m.vitalsHeading, { weight: 'Bolder', spacing: 'Medium' }),
      number('respirationRate'),
      number('spo2'),
      {
        type: 'Input.ChoiceSet',
        id: 'spo2Scale',
        label: m.spo2Scale,
        style: 'expanded',
        value: '1',
        choices: [
          { title: m.scale1, value: '1' },
          { title: m.scale2, value: '2' },
        ],
      },
      { type: 'Input.Toggle', id: 'onOxygen', title: m.onOxygen, valueOn: 'true', valueOff: 'false', value: 'false' },
      number('systolicBp'),
      number('pulse'),
      {
        type: 'Input.ChoiceSet',
        id: 'consciousness',
        label: m.consciousness,
        choices: CONSCIOUSNESS.map((c) => ({ title: m.consciousnessChoices[c], value: c })),
      },
      number('temperature'),
      {
        type: 'Input.ChoiceSet',
        id: 'triage',
        label: m.triage,
        style: 'expanded',
        choices: TRIAGE_COLOURS.map((t) => ({ title: m.triageChoices[t], value: t })),
      },
    ],
    [{ type: 'Action.Submit', title: m.ring, style: 'destructive', data: { samromAction: EMERGENCY_ACTION } }],
    m.formTitle,
  );
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * Teams sends every input as a string; blank ones are left out. Numbers stay strings when they
 * are not numbers, so the schema names the field. Scale and oxygen count as vitals only when
 * some measured vital is there (their defaults alone say nothing).
 */
export function requestFromEmergencyForm(value: EmergencyFormValue): unknown {
  const isbar = Object.fromEntries(ISBAR_FIELDS.flatMap((f) => (str(value[f]) ? [[f, str(value[f])]] : [])));
  const vitals: Record<string, unknown> = {};
  for (const f of NUMBER_FIELDS) {
    const raw = str(value[f]);
    if (raw !== undefined) vitals[f] = Number.isFinite(Number(raw.replace(',', '.'))) ? Number(raw.replace(',', '.')) : raw;
  }
  if (str(value.consciousness)) vitals.consciousness = str(value.consciousness);
  if (Object.keys(vitals).length > 0) {
    vitals.spo2Scale = str(value.spo2Scale) === '2' ? 2 : 1;
    vitals.onOxygen = str(value.onOxygen) === 'true';
  }
  const triage = str(value.triage);
  return {
    ...(Object.keys(isbar).length > 0 ? { isbar } : {}),
    ...(Object.keys(vitals).length > 0 ? { vitals } : {}),
    ...(triage ? { triage } : {}),
  } satisfies Record<string, unknown> as CreateEmergencyCall | Record<string, unknown>;
}

/** The call rings: status, triage and NEWS2 total, and the link to the Akutt tab. */
export function ringingCard(m: EmergencyMessages, call: Pick<EmergencyCallDto, 'triage' | 'news2Total'>, url: string): AdaptiveCard {
  return card(
    [
      text(m.ringing, { size: 'Large', weight: 'Bolder', color: call.triage === 'rod' ? 'Attention' : 'Default' }),
      text(m.ringingBody),
      factSet([
        { title: m.triage, value: call.triage ? m.triageChoices[call.triage] : '–' },
        { title: m.news2, value: call.news2Total === null ? m.notScored : String(call.news2Total) },
      ]),
    ],
    [openUrlAction(m.open, url)],
    m.ringing,
  );
}

export function notRungCard(m: EmergencyMessages, problems: readonly string[]): AdaptiveCard {
  return card([text(m.notRung, { size: 'Medium', weight: 'Bolder', color: 'Attention' }), ...problems.map((p) => text(`• ${p}`))], [], m.notRung);
}
