/**
 * The requester's status card (notice `advice.status`), updated in place at every step: a headline
 * for the status, the queue line (or, with nobody on call, the switchboard to ring instead), who
 * would be rung now, when it was sent, and the steps so far. Norwegian first, English below.
 */
import type { AdviceRoundStep, AdviceStatusNotice } from '../../../core/advice/teams-notices';
import type { RenderedTeamsMessage } from '../../../core/ports';
import { toOsloLocal } from '../../../shared/oslo-time';
import { type Bilingual, capitalised } from '../../../shared/texts';
import { PRIORITY_LABEL, adaptiveCard, openRequestAction, specialtyIn } from './advice-words';

const LEVEL: Readonly<Record<0 | 1 | 2 | 3, Bilingual>> = {
  1: { nb: 'vakthavende (nivå 1)', en: 'the doctor on call (level 1)' },
  2: { nb: 'bakvakt (nivå 2)', en: 'the backup (level 2)' },
  3: { nb: 'overlege (nivå 3)', en: 'the consultant in charge (level 3)' },
  0: { nb: 'koordinatorene', en: 'the coordinators' },
};

const join = (parts: readonly Bilingual[], nbAnd: string, enAnd: string): Bilingual => ({
  nb: parts.map((p) => p.nb).join(` ${nbAnd} `),
  en: parts.map((p) => p.en).join(` ${enAnd} `),
});
const capital = (b: Bilingual): Bilingual => ({ nb: capitalised(b.nb), en: capitalised(b.en) });

/** One step's words: who it rang, and whether the coordinators were alerted. */
function stepText(step: AdviceRoundStep): Bilingual {
  const parts: Bilingual[] = [];
  if (step.levels.length > 0) {
    const who = join(
      step.levels.map((l) => LEVEL[l]),
      'og',
      'and',
    );
    parts.push(step.unreached ? { nb: `${who.nb} ble ikke nådd`, en: `${who.en} could not be reached` } : { nb: `ringer ${who.nb}`, en: `ringing ${who.en}` });
  }
  if (step.alarmed) parts.push({ nb: 'ingen svar: koordinatorene er varslet', en: 'no answer: the coordinators are alerted' });
  return join(parts, '—', '—');
}

const whoAnswered = (n: AdviceStatusNotice): string => (n.specialist ? `${n.specialist.name}, ${n.specialist.organization}` : 'en spesialist / a specialist');

function headline(n: AdviceStatusNotice): Bilingual {
  const specialty = specialtyIn(n.specialty);
  const who = whoAnswered(n);
  switch (n.status) {
    case 'queued':
    case 'ringing': {
      if (n.nobodyOnCall) return { nb: `Ingen har vakt i ${specialty.nb} nå`, en: `Nobody is on call in ${specialty.en} now` };
      const last = n.steps.at(-1);
      return n.status === 'ringing' && last ? capital(stepText(last)) : n.status === 'ringing' ? { nb: 'Ringer', en: 'Ringing' } : { nb: 'I kø', en: 'Queued' };
    }
    case 'connected': {
      if (n.mode !== 'callback')
        return {
          nb: `${who} har svart på konferansen i ${specialty.nb}. Bli med i samtalen:`,
          en: `${who} answered your ${specialty.en} consultation. Join the call:`,
        };
      const on = (word: string) => (n.callbackPhone ? ` ${word} ${n.callbackPhone}` : '');
      return {
        nb: `${who} har svart på konferansen i ${specialty.nb} og ringer deg tilbake${on('på')}.`,
        en: `${who} answered your ${specialty.en} consultation and will call you back${on('on')}.`,
      };
    }
    case 'completed':
      return { nb: `Fullført. ${who} har gitt råd; les dem i forespørselen.`, en: `Completed. ${who} has given advice; read it in the request.` };
    case 'abandoned':
      return { nb: 'Trukket tilbake.', en: 'Withdrawn.' };
    default:
      n.status satisfies never;
      throw new Error('unhandled advice status');
  }
}

/** While waiting: the switchboard to call when nobody is on call, else the place in the queue and who is rung now. */
function waitingLines(n: AdviceStatusNotice): Bilingual[] {
  if (n.status !== 'queued' && n.status !== 'ringing') return [];
  const local = toOsloLocal(n.createdAt);
  const sent = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
  const since = { nb: `Sendt kl. ${sent}; ventetiden regnes fra da.`, en: `Sent at ${sent}; the wait counts from then.` };
  if (n.nobodyOnCall) {
    const phone = n.switchboardPhone ?? '';
    return [
      {
        nb: `Ingen blir ringt nå. Ring sentralbordet på ${phone}. Koordinatorene er varslet.`,
        en: `Nobody is being rung. Call the switchboard on ${phone}. The coordinators are alerted.`,
      },
      since,
    ];
  }
  const lines: Bilingual[] = [];
  if (n.position !== null) {
    const minutes = n.estimatedWaitMinutes ?? '?';
    lines.push({
      nb: `Plass ${n.position} i køen, anslått ventetid ca. ${minutes} min.`,
      en: `Position ${n.position} in the queue, estimated wait about ${minutes} min.`,
    });
  }
  if (n.onCallNow.length > 0) {
    const names = n.onCallNow.map((p) => ({ nb: `${p.name}, ${LEVEL[p.level].nb}`, en: `${p.name}, ${LEVEL[p.level].en}` }));
    const who = join(names, 'og', 'and');
    lines.push({ nb: `På vakt nå: ${who.nb}.`, en: `On call now: ${who.en}.` });
  }
  return [...lines, since];
}

function stepLines(n: AdviceStatusNotice): Bilingual[] {
  const lines: Bilingual[] = [{ nb: 'Satt i kø', en: 'Queued' }, ...n.steps.map((s) => capital(stepText(s)))];
  if (n.status === 'connected' || n.status === 'completed') lines.push({ nb: `Besvart av ${whoAnswered(n)}`, en: `Answered by ${whoAnswered(n)}` });
  if (n.status === 'abandoned') lines.push({ nb: 'Trukket tilbake', en: 'Withdrawn' });
  return lines;
}

const pair = (b: Bilingual, bold = false) => [
  { type: 'TextBlock', text: b.nb, wrap: true, ...(bold ? { weight: 'Bolder' } : {}) },
  { type: 'TextBlock', text: b.en, wrap: true, isSubtle: true, spacing: 'None' },
];

export function renderStatusCard(n: AdviceStatusNotice): RenderedTeamsMessage {
  const specialty = specialtyIn(n.specialty);
  const priority = PRIORITY_LABEL[n.priority];
  const head = headline(n);
  const waiting = waitingLines(n);
  const steps = stepLines(n);
  const joinable = n.status === 'connected' && n.mode !== 'callback';
  const text = [head, ...waiting];
  return {
    text: `Konferanse i ${specialty.nb}: ${text.map((t) => t.nb).join(' ')} / ${specialty.en} consultation: ${text.map((t) => t.en).join(' ')} ${n.link}`,
    card: adaptiveCard(
      [
        { type: 'TextBlock', text: `Konferanse i ${specialty.nb} / ${specialty.en} consultation`, weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: `${priority.nb} / ${priority.en}`, color: priority.color, weight: 'Bolder', wrap: true, spacing: 'None' },
        ...pair(head, true),
        ...waiting.flatMap((line) => pair(line)),
        { type: 'TextBlock', text: 'Forløp / Steps', weight: 'Bolder', wrap: true, separator: true },
        ...steps.map((s, i) => ({ type: 'TextBlock', text: `${i + 1}. ${s.nb} / ${s.en}`, wrap: true, spacing: 'Small', isSubtle: i < steps.length - 1 })),
      ],
      [openRequestAction(n.link, joinable ? 'Bli med / Join' : undefined)],
    ),
  };
}
