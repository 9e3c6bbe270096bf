/**
 * Texts of the ambulance crew's page: Norwegian bokmål first, English second. The English
 * catalogue must have the Norwegian one's shape (the type checks it).
 */
import type { Locale } from '../../../server/src/contracts/messages';

const nb = {
  title: 'Videosamtale med AMK',
  switchLanguage: 'English',
  switchLanguageLang: 'en',
  loading: 'Laster …',
  intro: {
    heading: 'AMK ber deg bli med i en videosamtale',
    body: 'Du blir med i samtalen mellom AMK og legevakten, med kamera og mikrofon. De andre ser deg som «Ambulanse». Ingenting tas opp.',
    join: 'Bli med i samtalen',
  },
  joining: 'Kobler til …',
  left: { heading: 'Du har forlatt samtalen', body: 'Du kan bli med igjen så lenge samtalen pågår.', rejoin: 'Bli med igjen' },
  failed: {
    unreachable: 'Vi får ikke kontakt med videoserveren. Sjekk at du er på nett, og prøv igjen.',
    disconnected: 'Forbindelsen ble brutt. Prøv igjen.',
    retry: 'Prøv igjen',
  },
  ended: { heading: 'Samtalen er avsluttet', body: 'AMK har avsluttet videosamtalen. Du kan lukke siden.' },
  noSession: { heading: 'Åpne lenken fra SMS-en', body: 'Denne siden virker bare når den åpnes fra lenken AMK sendte. Be AMK sende en ny lenke.' },
  offline: 'Vi får ikke kontakt med Samrom. Sjekk at du er på nett, og last siden på nytt.',
};

export type CrewTexts = typeof nb;

const en: CrewTexts = {
  title: 'Video call with AMK',
  switchLanguage: 'Norsk',
  switchLanguageLang: 'nb',
  loading: 'Loading …',
  intro: {
    heading: 'AMK asks you to join a video call',
    body: 'You join the call between AMK and the out-of-hours clinic, with camera and microphone. The others see you as “Ambulanse”. Nothing is recorded.',
    join: 'Join the call',
  },
  joining: 'Connecting …',
  left: { heading: 'You have left the call', body: 'You can join again while the call goes on.', rejoin: 'Join again' },
  failed: {
    unreachable: 'We cannot reach the video server. Check that you are online and try again.',
    disconnected: 'The connection was lost. Try again.',
    retry: 'Try again',
  },
  ended: { heading: 'The call has ended', body: 'AMK has ended the video call. You can close this page.' },
  noSession: { heading: 'Open the link from the text message', body: 'This page works only when opened from the link AMK sent. Ask AMK to send a new link.' },
  offline: 'We cannot reach Samrom. Check that you are online and reload the page.',
};

export const CREW_TEXTS: Record<Locale, CrewTexts> = { nb, en };
