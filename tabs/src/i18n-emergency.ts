/**
 * Texts of the Akutt tab and the AMK console, Norwegian bokmål first and English second (the
 * English catalogue must have the Norwegian one's shape). Chosen by `useI18n().locale`.
 */
import type { ScoredParameter } from '../../server/src/contracts/clinical';
import { type EmergencyCallStatus, type EmergencyOutcome, TRIAGE_LABELS, type Triage } from '../../server/src/contracts/emergency';
import { type Locale, useI18n } from './i18n';

/** The one set of triage labels, in this language. */
const triageLabels = (locale: Locale): Record<Triage, string> => ({ rod: TRIAGE_LABELS.rod[locale], gul: TRIAGE_LABELS.gul[locale], gronn: TRIAGE_LABELS.gronn[locale] });

/** «45 s», «16 min», «1 t 5 min» (nb) or the English units. */
function duration(ms: number, units: { s: string; min: string; h: string }): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 60) return `${seconds} ${units.s}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} ${units.min}`;
  return `${Math.floor(minutes / 60)} ${units.h} ${minutes % 60} ${units.min}`;
}
const NB_UNITS = { s: 's', min: 'min', h: 't' };
const EN_UNITS = { s: 's', min: 'min', h: 'h' };

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
    redHint: '3 poeng – rødt enkeltparameter',
    redSummary: (names: string) => `Rødt enkeltparameter (3 poeng): ${names}. Krever rask vurdering selv om NEWS2 ikke er beregnet ennå.`,
    triageLegend: 'Triage',
    noTriage: 'Ikke satt',
    ring: 'Ring AMK',
    ringing: 'Ringer AMK …',
    callFailed: 'Kunne ikke ringe AMK',
    statusTitle: 'Status',
    joinVideo: 'Bli med i videosamtalen',
    joined: 'AMK har svart, og du har fått tilgang til videorommet.',
    end: 'Avslutt samtalen',
    cancel: 'Avbryt anropet',
    noVideo: 'AMK har svart, men videoserveren svarer ikke. AMK ringer deg på telefon. Videoen starter av seg selv når den er tilbake.',
    newCall: 'Ny akuttsamtale',
    backToList: 'Til Akutt',
    notFound: 'Fant ikke akuttsamtalen',
    detailTitle: 'Akuttsamtale',
    notForRoleTitle: 'Akuttvideo er for legevakt og AMK',
    notForRoleBody: 'Leger på legevakt ringer AMK herfra, og AMK-operatører svarer. Rollen din i katalogen gir ikke tilgang til akuttsamtaler.',
  },
  triage: triageLabels('nb'),
  /** What the legevakt doctor who rang reads. */
  status: {
    ringing: 'Ringer hos AMK',
    answered: 'Besvart',
    connected: 'Tilkoblet',
    ended: 'Avsluttet',
  } satisfies Record<EmergencyCallStatus, string>,
  /** What AMK reads: the call rings at their own desk. */
  amkStatus: {
    ringing: 'Ringer – ikke besvart',
    answered: 'Besvart',
    connected: 'Tilkoblet',
    ended: 'Avsluttet',
  } satisfies Record<EmergencyCallStatus, string>,
  answeredBy: (name: string) => `Besvart av ${name}`,
  escalated: 'Ikke besvart innen ringetiden – saken er eskalert til AMK-leder',
  amkEscalated: 'Ikke besvart innen ringetiden – eskalert til AMK-leder',
  requestedAt: (time: string) => `Ringte ${time}`,
  waiting: (ms: number) => `venter ${duration(ms, NB_UNITS)}`,
  news2: (total: number) => `NEWS2 ${total}`,
  outcomes: {
    phone: 'Håndtert på telefon',
    ambulance: 'Ambulanse sendt',
    no_further_action: 'Ikke behov for videre tiltak',
    other: 'Annet',
    advice: 'Råd gitt',
    referral: 'Henvist videre',
    cancelled: 'Avbrutt før svar',
    unanswered: 'Ingen svarte',
  } satisfies Record<EmergencyOutcome, string>,
  ended: {
    closedForRequester: 'Lukket fordi ingen i AMK svarte. Ring AMK på telefon (113) hvis pasienten fortsatt trenger hjelp.',
    closedForAmk: 'Lukket av Samrom: ingen svarte etter eskalering.',
    youCancelled: 'Du avbrøt anropet før AMK svarte.',
    requesterCancelled: 'Legevakten avbrøt anropet før noen svarte.',
    byYou: (outcome: string) => `Du avsluttet samtalen – ${outcome}.`,
    by: (name: string, outcome: string) => `Avsluttet av ${name} – ${outcome}.`,
  },
  vitals: {
    title: 'Vitale tegn',
    none: 'Ingen vitale tegn oppgitt.',
    incomplete: 'NEWS2 er ikke beregnet: ikke alle vitale tegn er oppgitt.',
    red: 'rødt (3 poeng)',
    yes: 'ja',
    no: 'nei',
  },
  endDialog: {
    title: 'Avslutte samtalen?',
    body: 'Velg utfallet før samtalen avsluttes. Videorommet lukkes for alle.',
    outcomeLegend: 'Utfall',
    chooseOutcome: 'Velg et utfall.',
    confirm: 'Avslutt samtalen',
    keep: 'Ikke avslutt',
    requesterTitle: 'Avslutte samtalen med AMK?',
    requesterBody: 'Videorommet lukkes for alle.',
    cancelTitle: 'Avbryte anropet til AMK?',
    cancelBody: 'AMK har ikke svart ennå. Anropet forsvinner fra AMK-konsollen.',
    cancelConfirm: 'Avbryt anropet',
    cancelKeep: 'Fortsett å ringe',
  },
  amk: {
    title: 'AMK-konsoll',
    live: 'Direkte',
    reconnecting: 'Mistet forbindelsen – kobler til igjen …',
    empty: 'Ingen akuttsamtaler nå. Nye samtaler vises her – med lyd når du har slått den på.',
    incoming: (org: string) => `Akuttvideo ringer fra ${org}`,
    answer: 'Svar',
    answering: 'Svarer …',
    youAnswered: 'Du svarte. Videorommet er klart.',
    youAnsweredNoVideo: 'Du svarte. Videoserveren svarer ikke – ring legevakten på telefon.',
    callBack: (name: string, phone: string) => `Ring ${name}: ${phone}`,
    noPhone: 'Ingen telefon i katalogen – ring legevakten via sentralbordet.',
    retryVideo: 'Prøv video igjen',
    retryingVideo: 'Prøver …',
    videoStillDown: 'Videoserveren svarer fortsatt ikke. Prøv igjen om litt.',
    openCall: 'Åpne samtalen',
    end: 'Avslutt',
    listLabel: 'Akuttsamtaler',
    recentlyEnded: 'Nylig avsluttet',
    soundOff: 'Lyd er av',
    soundOn: 'Lyd er på',
    soundBlocked: 'Nettleseren stopper lyden',
    turnSoundOn: 'Slå på lyd',
    turnSoundOff: 'Slå av lyd',
    soundOffHelp: 'Nye anrop blinker her og i fanetittelen, og kommer som Teams-varsel.',
    soundBlockedHelp: 'Trykk «Slå på lyd» for å prøve igjen. Nye anrop blinker her og i fanetittelen, og kommer som Teams-varsel.',
    unheard: 'Ringer – lyden er av',
    titleAlert: 'Akuttvideo ringer!',
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
    redHint: '3 points – red single parameter',
    redSummary: (names) => `Red single parameter (3 points): ${names}. Needs prompt assessment even though NEWS2 is not scored yet.`,
    triageLegend: 'Triage',
    noTriage: 'Not set',
    ring: 'Call AMK',
    ringing: 'Calling AMK …',
    callFailed: 'Could not call AMK',
    statusTitle: 'Status',
    joinVideo: 'Join the video call',
    joined: 'AMK has answered, and you have access to the video room.',
    end: 'End the call',
    cancel: 'Cancel the call',
    noVideo: 'AMK has answered, but the video server is not responding. AMK will phone you. The video starts by itself when it is back.',
    newCall: 'New emergency call',
    backToList: 'Back to Emergency',
    notFound: 'Emergency call not found',
    detailTitle: 'Emergency call',
    notForRoleTitle: 'Emergency video is for out-of-hours clinics and AMK',
    notForRoleBody: 'Out-of-hours doctors call AMK from here, and AMK operators answer. Your role in the directory gives no access to emergency calls.',
  },
  triage: triageLabels('en'),
  status: { ringing: 'Ringing at AMK', answered: 'Answered', connected: 'Connected', ended: 'Ended' },
  amkStatus: { ringing: 'Ringing – not answered', answered: 'Answered', connected: 'Connected', ended: 'Ended' },
  answeredBy: (name) => `Answered by ${name}`,
  escalated: 'Not answered within the ring time – escalated to the AMK leader',
  amkEscalated: 'Not answered within the ring time – escalated to the AMK leader',
  requestedAt: (time) => `Called at ${time}`,
  waiting: (ms) => `waiting ${duration(ms, EN_UNITS)}`,
  news2: (total) => `NEWS2 ${total}`,
  outcomes: {
    phone: 'Handled by phone',
    ambulance: 'Ambulance sent',
    no_further_action: 'No further action needed',
    other: 'Other',
    advice: 'Advice given',
    referral: 'Referred',
    cancelled: 'Cancelled before answer',
    unanswered: 'Nobody answered',
  },
  ended: {
    closedForRequester: 'Closed because nobody at AMK answered. Phone AMK (113) if the patient still needs help.',
    closedForAmk: 'Closed by Samrom: nobody answered after escalation.',
    youCancelled: 'You cancelled the call before AMK answered.',
    requesterCancelled: 'The clinic cancelled the call before anyone answered.',
    byYou: (outcome) => `You ended the call – ${outcome}.`,
    by: (name, outcome) => `Ended by ${name} – ${outcome}.`,
  },
  vitals: {
    title: 'Vital signs',
    none: 'No vital signs given.',
    incomplete: 'NEWS2 is not scored: not every vital sign was given.',
    red: 'red (3 points)',
    yes: 'yes',
    no: 'no',
  },
  endDialog: {
    title: 'End the call?',
    body: 'Choose the outcome before the call ends. The video room closes for everyone.',
    outcomeLegend: 'Outcome',
    chooseOutcome: 'Choose an outcome.',
    confirm: 'End the call',
    keep: 'Do not end',
    requesterTitle: 'End the call with AMK?',
    requesterBody: 'The video room closes for everyone.',
    cancelTitle: 'Cancel the call to AMK?',
    cancelBody: 'AMK has not answered yet. The call disappears from the AMK console.',
    cancelConfirm: 'Cancel the call',
    cancelKeep: 'Keep ringing',
  },
  amk: {
    title: 'AMK console',
    live: 'Live',
    reconnecting: 'Connection lost – reconnecting …',
    empty: 'No emergency calls right now. New calls appear here – with sound once you have turned it on.',
    incoming: (org) => `Emergency video calling from ${org}`,
    answer: 'Answer',
    answering: 'Answering …',
    youAnswered: 'You answered. The video room is ready.',
    youAnsweredNoVideo: 'You answered. The video server is not responding – phone the clinic.',
    callBack: (name, phone) => `Call ${name}: ${phone}`,
    noPhone: 'No phone in the directory – reach the clinic through the switchboard.',
    retryVideo: 'Try video again',
    retryingVideo: 'Trying …',
    videoStillDown: 'The video server is still not responding. Try again shortly.',
    openCall: 'Open the call',
    end: 'End',
    listLabel: 'Emergency calls',
    recentlyEnded: 'Recently ended',
    soundOff: 'Sound is off',
    soundOn: 'Sound is on',
    soundBlocked: 'The browser is blocking sound',
    turnSoundOn: 'Turn sound on',
    turnSoundOff: 'Turn sound off',
    soundOffHelp: 'New calls flash here and in the tab title, and arrive as a Teams alert.',
    soundBlockedHelp: 'Press «Turn sound on» to try again. New calls flash here and in the tab title, and arrive as a Teams alert.',
    unheard: 'Ringing – sound is off',
    titleAlert: 'Emergency video is ringing!',
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
