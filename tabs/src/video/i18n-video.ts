/**
 * Texts of the citizen video page: plain Norwegian bokmål first, English second. The English
 * catalogue must have the Norwegian one's shape (the type checks it).
 */
import type { Locale } from '../../../server/src/contracts/messages';

const nb = {
  title: 'Video til AMK',
  switchLanguage: 'English',
  switchLanguageLang: 'en',
  loading: 'Laster …',
  intro: {
    heading: 'AMK ber om å få se video',
    body: 'AMK vil se det kameraet ditt viser. Ingenting tas opp. Du kan avslutte når du vil.',
    how: 'Når du trykker på knappen, starter kameraet på baksiden av telefonen og mikrofonen. Pek kameraet mot det AMK skal se.',
    consent: 'Ja, start kamera og vis video',
  },
  video: {
    heading: 'Kameraet ditt',
    preview: 'Bildet fra kameraet ditt',
    starting: 'Starter kamera og mikrofon …',
    connecting: 'Kobler til AMK …',
    connected: 'Du er koblet til AMK. Hold telefonen stødig.',
    switchCamera: 'Bytt kamera (foran/bak)',
    stop: 'Avslutt video',
    stopped: 'Videoen er avsluttet. Du kan starte den igjen.',
    restart: 'Start video igjen',
    unreachable: 'Vi får ikke kontakt med videoserveren. Du kan sende bilder til AMK i stedet, eller prøve igjen.',
    poorNetwork: 'Nettet er dårlig. Send gjerne bilder i stedet.',
    denied:
      'Telefonen har ikke gitt lov til kamera og mikrofon. Trykk på hengelåsen ved adressefeltet, velg «Tillat», og trykk «Prøv igjen». Du kan også sende bilder.',
    noCamera: 'Vi finner ikke noe kamera. Du kan sende bilder i stedet.',
    retry: 'Prøv igjen',
  },
  photo: {
    heading: 'Send bilder',
    body: 'Virker ikke videoen, kan du ta bilder og sende dem til AMK.',
    take: 'Ta bilde og send til AMK',
    sending: 'Sender bildet …',
    sent: (n: number) => `Bildet er sendt (${n} ${n === 1 ? 'bilde' : 'bilder'} til nå).`,
    failed: 'Bildet ble ikke sendt. Prøv igjen.',
  },
  location: {
    heading: 'Del posisjon',
    body: 'AMK kan få vite hvor du er. Det er frivillig, og du sier ja til dette for seg.',
    share: 'Del posisjonen min med AMK',
    sharing: 'Finner posisjonen …',
    shared: (meters: number) => `Posisjonen er delt med AMK (nøyaktighet omtrent ${meters} meter).`,
    denied: 'Telefonen har ikke gitt lov til å dele posisjon. Du kan si adressen til AMK på telefonen.',
    failed: 'Vi fant ikke posisjonen. Prøv igjen, eller si adressen til AMK.',
  },
  noSession: {
    heading: 'Lenken må åpnes på nytt',
    body: 'Åpne lenken fra SMS-en igjen. Virker den ikke, kan AMK sende en ny. Ring 113 hvis det haster.',
  },
  ended: {
    heading: 'AMK har avsluttet videoen',
    body: 'Takk. Du kan lukke siden. Ring 113 igjen hvis du trenger mer hjelp.',
  },
  offline: 'Ingen forbindelse. Sjekk nettet og prøv igjen.',
};

export type VideoTexts = typeof nb;

const en: VideoTexts = {
  title: 'Video for AMK',
  switchLanguage: 'Norsk',
  switchLanguageLang: 'nb',
  loading: 'Loading …',
  intro: {
    heading: 'AMK asks to see video',
    body: 'AMK will see what your camera shows. Nothing is recorded. You can stop whenever you want.',
    how: 'When you press the button, the camera on the back of the phone and the microphone start. Point the camera at what AMK should see.',
    consent: 'Yes, start the camera and show video',
  },
  video: {
    heading: 'Your camera',
    preview: 'The picture from your camera',
    starting: 'Starting camera and microphone …',
    connecting: 'Connecting to AMK …',
    connected: 'You are connected to AMK. Hold the phone steady.',
    switchCamera: 'Switch camera (front/back)',
    stop: 'Stop video',
    stopped: 'The video has stopped. You can start it again.',
    restart: 'Start video again',
    unreachable: 'We cannot reach the video server. You can send photos to AMK instead, or try again.',
    poorNetwork: 'The network is poor. Consider sending photos instead.',
    denied:
      'The phone has not allowed the camera and microphone. Tap the padlock by the address bar, choose "Allow", and tap "Try again". You can also send photos.',
    noCamera: 'We cannot find a camera. You can send photos instead.',
    retry: 'Try again',
  },
  photo: {
    heading: 'Send photos',
    body: 'If video does not work, you can take photos and send them to AMK.',
    take: 'Take a photo and send it to AMK',
    sending: 'Sending the photo …',
    sent: (n: number) => `The photo was sent (${n} ${n === 1 ? 'photo' : 'photos'} so far).`,
    failed: 'The photo was not sent. Try again.',
  },
  location: {
    heading: 'Share location',
    body: 'AMK can learn where you are. It is voluntary, and you agree to it separately.',
    share: 'Share my location with AMK',
    sharing: 'Finding your location …',
    shared: (meters: number) => `Your location was shared with AMK (accurate to about ${meters} metres).`,
    denied: 'The phone has not allowed sharing the location. You can tell AMK the address on the phone.',
    failed: 'We could not find your location. Try again, or tell AMK the address.',
  },
  noSession: {
    heading: 'Open the link again',
    body: 'Open the link from the text message again. If it does not work, AMK can send a new one. Call 113 if it is urgent.',
  },
  ended: {
    heading: 'AMK has ended the video',
    body: 'Thank you. You can close the page. Call 113 again if you need more help.',
  },
  offline: 'No connection. Check the network and try again.',
};

export const VIDEO_TEXTS: Record<Locale, VideoTexts> = { nb, en };
