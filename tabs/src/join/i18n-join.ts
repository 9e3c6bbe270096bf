/**
 * Texts of the guest join page, plain Norwegian bokmål first and English second. The English
 * catalogue must have the Norwegian one's shape (the type checks it).
 */
import type { Locale } from '../../../server/src/contracts/messages';
import { participantRoleLabels } from '../../../server/src/shared/texts';
import { type CallTexts, CALL_TEXTS } from '../call/call-texts';

const nb = {
  title: 'Videomøte',
  switchLanguage: 'English',
  switchLanguageLang: 'en',
  loading: 'Laster …',
  hello: (name: string) => `Hei, ${name}`,
  youJoinAs: (role: string) => `Du er med som ${role}.`,
  meetingAt: (when: string) => `Møtet starter ${when}.`,
  check: {
    heading: 'Sjekk kamera og mikrofon',
    intro: 'Du ser deg selv her. Det er bare du som ser dette bildet før du blir sluppet inn.',
    preview: 'Bilde fra kameraet ditt',
    camera: 'Kamera',
    microphone: 'Mikrofon',
    audioOnly: 'Bare lyd (uten kamera)',
    audioOnlyHint: 'Velg dette hvis nettet er dårlig eller du ikke vil vises på video.',
    starting: 'Starter kamera og mikrofon …',
    micWorks: 'Mikrofonen er på.',
    ready: 'Jeg er klar',
    retry: 'Prøv igjen',
    denied:
      'Nettleseren har ikke fått lov til å bruke kamera og mikrofon. Trykk på hengelåsen eller kamera-ikonet ved adressefeltet, velg «Tillat», og trykk «Prøv igjen».',
    notFound: 'Vi finner ikke noe kamera. Du kan bli med med bare lyd.',
    noMicrophone: 'Vi finner ingen mikrofon. Koble til en mikrofon eller et headset og trykk «Prøv igjen».',
    inUse: 'Kameraet eller mikrofonen brukes av et annet program. Lukk det andre programmet og trykk «Prøv igjen».',
    unknown: 'Kamera og mikrofon startet ikke. Trykk «Prøv igjen», eller bli med med bare lyd.',
  },
  lobby: {
    heading: 'Venter på at noen slipper deg inn',
    body: 'Den som leder møtet ser at du venter. Hold siden åpen – du kommer inn automatisk.',
    waitingSince: 'Du venter i lobbyen.',
    startsIn: (minutes: number) => (minutes <= 0 ? 'Møtet har startet.' : `Møtet starter om ${minutes} min.`),
    leave: 'Forlat',
    leftHeading: 'Du har forlatt lobbyen',
    back: 'Tilbake til lobbyen',
  },
  noSession: {
    heading: 'Åpne lenken du fikk på nytt',
    body: 'Vi finner ikke invitasjonen din i denne nettleseren. Åpne lenken fra SMS-en eller e-posten på samme telefon eller PC som første gang. Virker den ikke, ta kontakt med den som inviterte deg.',
  },
  cancelled: { heading: 'Møtet er avlyst', body: 'Den som inviterte deg, tar kontakt om et nytt tidspunkt.' },
  expired: { heading: 'Møtet er over', body: 'Lenken virker ikke lenger.' },
  errorGeneric: 'Noe gikk galt. Sjekk nettet og prøv igjen.',
  roles: participantRoleLabels('nb'),
  call: CALL_TEXTS.nb,
};

export type JoinTexts = typeof nb & { readonly call: CallTexts };

const en: JoinTexts = {
  title: 'Video meeting',
  switchLanguage: 'Norsk',
  switchLanguageLang: 'nb',
  loading: 'Loading …',
  hello: (name) => `Hello, ${name}`,
  youJoinAs: (role) => `You take part as ${role}.`,
  meetingAt: (when) => `The meeting starts ${when}.`,
  check: {
    heading: 'Check your camera and microphone',
    intro: 'You can see yourself here. Only you see this picture until you are let in.',
    preview: 'Picture from your camera',
    camera: 'Camera',
    microphone: 'Microphone',
    audioOnly: 'Audio only (no camera)',
    audioOnlyHint: 'Choose this if your connection is poor or you do not want to be on video.',
    starting: 'Starting camera and microphone …',
    micWorks: 'Your microphone is on.',
    ready: 'I am ready',
    retry: 'Try again',
    denied:
      'The browser has not been allowed to use your camera and microphone. Tap the padlock or camera icon next to the address bar, choose “Allow”, then tap “Try again”.',
    notFound: 'We cannot find a camera. You can join with audio only.',
    noMicrophone: 'We cannot find a microphone. Connect a microphone or headset and tap “Try again”.',
    inUse: 'Another app is using your camera or microphone. Close the other app and tap “Try again”.',
    unknown: 'The camera and microphone did not start. Tap “Try again”, or join with audio only.',
  },
  lobby: {
    heading: 'Waiting for someone to let you in',
    body: 'The person leading the meeting can see that you are waiting. Keep this page open – you will be let in automatically.',
    waitingSince: 'You are waiting in the lobby.',
    startsIn: (minutes) => (minutes <= 0 ? 'The meeting has started.' : `The meeting starts in ${minutes} min.`),
    leave: 'Leave',
    leftHeading: 'You have left the lobby',
    back: 'Back to the lobby',
  },
  noSession: {
    heading: 'Open your link again',
    body: 'We cannot find your invitation in this browser. Open the link from the text message or e-mail on the same phone or computer as the first time. If it does not work, contact the person who invited you.',
  },
  cancelled: { heading: 'The meeting has been cancelled', body: 'The person who invited you will be in touch about a new time.' },
  expired: { heading: 'The meeting is over', body: 'The link no longer works.' },
  errorGeneric: 'Something went wrong. Check your connection and try again.',
  roles: participantRoleLabels('en'),
  call: CALL_TEXTS.en,
};

export const JOIN_TEXTS: Record<Locale, JoinTexts> = { nb, en };
