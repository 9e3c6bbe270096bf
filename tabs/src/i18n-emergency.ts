/**
 * Texts of the Akutt tab and the AMK console, Norwegian bokmål first and English second (the
 * English catalogue must have the Norwegian one's shape). Chosen by `useI18n().locale`.
 */
import type { EmergencyCallStatus, Triage } from '../../server/src/contracts/emergency';
import { type Locale, useI18n } from './i18n';

const nb = {
  akutt: {
    title: 'Akuttvideo med AMK',
    intro: 'Fyll inn det du rekker – minst hastegrad, én vital parameter eller ett ISBAR-felt – og ring AMK med en gang hvis det haster.',
    isbarLegend: 'ISBAR',
    isbar: {
      identification: 'Identifikasjon',
      situation: 'Situasjon',
      background: 'Bakgrunn',
      assessment: 'Aktuell tilstand',
      recommendation: 'Råd',
    },
    vitalsLegend: 'Vitale tegn (NEWS2)',
    vitals: {
      respirationRate: 'Respirasjonsfrekvens (/min)',
      spo2: 'SpO₂ (%)',
      spo2Scale: 'SpO₂-skala',
      scale1: 'Skala 1',
      scale2: 'Skala 2 (mål 88–92 %)',
      onOxygen: 'Får oksygen',
      systolicBp: 'Systolisk blodtrykk (mmHg)',
      pulse: 'Puls (/min)',
      consciousness: 'Bevissthet (ACVPU)',
      temperature: 'Temperatur (°C)',
    },
    consciousness: { alert: 'Våken (A)', confusion: 'Ny forvirring (C)', voice: 'Reagerer på tiltale (V)', pain: 'Reagerer på smerte (P)', unresponsive: 'Ikke kontaktbar (U)' },
    news2Waiting: 'NEWS2 beregnes når alle vitale tegn er fylt inn.',
    news2Score: (total: number, risk: string) => `NEWS2: ${total} – ${risk}`,
    risk: { low: 'lav risiko', 'low-medium': 'lav–middels risiko (én parameter ga 3)', medium: 'middels risiko', high: 'høy risiko' },
    triageLegend: 'Triage',
    noTriage: 'Ikke satt',
    ring: 'Ring AMK',
    ringing: 'Ringer AMK …',
    callFailed: 'Kunne ikke ringe AMK',
    statusTitle: 'Status',
    joinVideo: 'Bli med i videosamtalen',
    joined: 'AMK har svart, og du har fått tilgang til videorommet.',
    end: 'Avslutt samtalen',
    newCall: 'Ny akuttsamtale',
    backToList: 'Til Akutt',
    notFound: 'Fant ikke akuttsamtalen',
    detailTitle: 'Akuttsamtale',
    notForRoleTitle: 'Akuttvideo er for legevakt og AMK',
    notForRoleBody: 'Leger på legevakt ringer AMK herfra, og AMK-operatører svarer. Rollen din i katalogen gir ikke tilgang til akuttsamtaler.',
  },
  triage: { rod: 'Rød – akutt', gul: 'Gul – haster', gronn: 'Grønn – vanlig' } satisfies Record<Triage, string>,
  status: {
    ringing: 'Ringer hos AMK',
    answered: 'Besvart',
    connected: 'Tilkoblet',
    ended: 'Avsluttet',
  } satisfies Record<EmergencyCallStatus, string>,
  answeredBy: (name: string) => `Besvart av ${name}`,
  escalated: 'Ikke besvart innen ringetiden – varslet AMK-leder',
  requestedAt: (time: string) => `Ringte ${time}`,
  news2: (total: number) => `NEWS2 ${total}`,
  amk: {
    title: 'AMK-konsoll',
    live: 'Direkte',
    reconnecting: 'Mistet forbindelsen – kobler til igjen …',
    empty: 'Ingen akuttsamtaler nå. Nye samtaler ringer her med lyd.',
    incoming: (org: string) => `Akuttvideo ringer fra ${org}`,
    answer: 'Svar',
    answering: 'Svarer …',
    youAnswered: 'Du svarte. Videorommet er klart.',
    listLabel: 'Akuttsamtaler',
    soundOn: 'Lyd på',
    from: 'Fra',
    amkOnly: 'Bare AMK-operatører kan svare.',
  },
};

type Catalogue = typeof nb;
type Widen<T> = T extends string ? string : T extends (...args: infer A) => string ? (...args: A) => string : { readonly [K in keyof T]: Widen<T[K]> };

const en: Widen<Catalogue> = {
  akutt: {
    title: 'Emergency video with AMK',
    intro: 'Fill in what you have time for – at least a triage colour, one vital sign or one ISBAR field – and call AMK at once if it is urgent.',
    isbarLegend: 'ISBAR',
    isbar: {
      identification: 'Identification',
      situation: 'Situation',
      background: 'Background',
      assessment: 'Assessment',
      recommendation: 'Recommendation',
    },
    vitalsLegend: 'Vital signs (NEWS2)',
    vitals: {
      respirationRate: 'Respiration rate (/min)',
      spo2: 'SpO₂ (%)',
      spo2Scale: 'SpO₂ scale',
      scale1: 'Scale 1',
      scale2: 'Scale 2 (target 88–92 %)',
      onOxygen: 'On oxygen',
      systolicBp: 'Systolic blood pressure (mmHg)',
      pulse: 'Pulse (/min)',
      consciousness: 'Consciousness (ACVPU)',
      temperature: 'Temperature (°C)',
    },
    consciousness: { alert: 'Alert (A)', confusion: 'New confusion (C)', voice: 'Responds to voice (V)', pain: 'Responds to pain (P)', unresponsive: 'Unresponsive (U)' },
    news2Waiting: 'NEWS2 is scored when every vital sign is filled in.',
    news2Score: (total, risk) => `NEWS2: ${total} – ${risk}`,
    risk: { low: 'low risk', 'low-medium': 'low–medium risk (one parameter scored 3)', medium: 'medium risk', high: 'high risk' },
    triageLegend: 'Triage',
    noTriage: 'Not set',
    ring: 'Call AMK',
    ringing: 'Calling AMK …',
    callFailed: 'Could not call AMK',
    statusTitle: 'Status',
    joinVideo: 'Join the video call',
    joined: 'AMK has answered, and you have access to the video room.',
    end: 'End the call',
    newCall: 'New emergency call',
    backToList: 'Back to Emergency',
    notFound: 'Emergency call not found',
    detailTitle: 'Emergency call',
    notForRoleTitle: 'Emergency video is for out-of-hours clinics and AMK',
    notForRoleBody: 'Out-of-hours doctors call AMK from here, and AMK operators answer. Your role in the directory gives no access to emergency calls.',
  },
  triage: { rod: 'Red – acute', gul: 'Yellow – urgent', gronn: 'Green – routine' },
  status: { ringing: 'Ringing at AMK', answered: 'Answered', connected: 'Connected', ended: 'Ended' },
  answeredBy: (name) => `Answered by ${name}`,
  escalated: 'Not answered within the ring time – the AMK leader was alerted',
  requestedAt: (time) => `Called at ${time}`,
  news2: (total) => `NEWS2 ${total}`,
  amk: {
    title: 'AMK console',
    live: 'Live',
    reconnecting: 'Connection lost – reconnecting …',
    empty: 'No emergency calls right now. New calls ring here with a sound.',
    incoming: (org) => `Emergency video calling from ${org}`,
    answer: 'Answer',
    answering: 'Answering …',
    youAnswered: 'You answered. The video room is ready.',
    listLabel: 'Emergency calls',
    soundOn: 'Sound on',
    from: 'From',
    amkOnly: 'Only AMK operators can answer.',
  },
};

export const EMERGENCY_CATALOGUES: Readonly<Record<Locale, Widen<Catalogue>>> = { nb, en };

export function useEmergencyText(): Widen<Catalogue> {
  return EMERGENCY_CATALOGUES[useI18n().locale];
}

/** `14:05:09` in Europe/Oslo. */
export function clockTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
    new Date(iso),
  );
}
