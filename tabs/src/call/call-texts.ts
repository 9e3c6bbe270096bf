/** Texts of the in-call view, shared by the guest join page and the clinician's call panel. */
import type { Locale } from '../../../server/src/contracts/messages';

const nb = {
  connecting: 'Kobler til videomøtet …',
  inCall: 'Du er med i møtet',
  leave: 'Forlat møtet',
  left: 'Du har forlatt møtet.',
  rejoin: 'Bli med igjen',
  you: 'Deg',
  alone: 'Ingen andre er med ennå.',
  cameraOff: 'Kamera av',
  unreachable: 'Vi får ikke kontakt med videoserveren. Det kan være nettet ditt, eller en feil hos oss. Sjekk at du er på nett, og trykk «Prøv igjen».',
  disconnected: 'Forbindelsen til møtet ble brutt. Trykk «Prøv igjen» for å koble til på nytt.',
  poorNetwork: 'Nettet ditt er dårlig akkurat nå. Bytt til bare lyd for å høre bedre.',
  switchToAudio: 'Bytt til bare lyd',
  retry: 'Prøv igjen',
  participants: 'Deltakere i møtet',
};

export type CallTexts = typeof nb;

const en: CallTexts = {
  connecting: 'Connecting to the video meeting …',
  inCall: 'You are in the meeting',
  leave: 'Leave the meeting',
  left: 'You have left the meeting.',
  rejoin: 'Join again',
  you: 'You',
  alone: 'Nobody else has joined yet.',
  cameraOff: 'Camera off',
  unreachable: 'We cannot reach the video server. It may be your connection, or a fault on our side. Check that you are online and tap “Try again”.',
  disconnected: 'The connection to the meeting was lost. Tap “Try again” to reconnect.',
  poorNetwork: 'Your connection is poor right now. Switch to audio only to hear better.',
  switchToAudio: 'Switch to audio only',
  retry: 'Try again',
  participants: 'People in the meeting',
};

export const CALL_TEXTS: Record<Locale, CallTexts> = { nb, en };
