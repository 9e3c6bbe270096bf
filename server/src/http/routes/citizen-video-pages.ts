/**
 * The plain pages a caller sees when a video link cannot be used: Norwegian first, English
 * below, no script, readable on a phone in a hurry.
 */
import type { SmsLinkRefusal } from '../link-pages';

export interface PageText {
  readonly title: string;
  readonly body: string;
}

export function page(nb: PageText, en: PageText): string {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${nb.title} – AMK video</title><meta name="referrer" content="no-referrer"></head>
<body style="font-family:system-ui,sans-serif;font-size:1.125rem;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b;background:#fff">
<main><h1>${nb.title}</h1><p>${nb.body}</p>
<section lang="en" aria-labelledby="en-title"><h2 id="en-title">${en.title}</h2><p>${en.body}</p></section></main></body></html>`;
}

const CALL_NB = 'Trenger du fortsatt hjelp, ring 113. AMK kan sende deg en ny lenke.';
const CALL_EN = 'If you still need help, call 113. AMK can send you a new link.';

export const CITIZEN_LINK_PAGES: Readonly<Record<SmsLinkRefusal, string>> = {
  not_found: page(
    { title: 'Vi finner ikke denne lenken', body: `Sjekk at hele lenken fra SMS-en er med. ${CALL_NB}` },
    { title: 'We cannot find this link', body: `Check that the whole link from the text message was opened. ${CALL_EN}` },
  ),
  expired: page(
    { title: 'Lenken er utløpt', body: `Lenken virker bare i 15 minutter etter at den ble sendt, eller til AMK avslutter. ${CALL_NB}` },
    { title: 'This link has expired', body: `The link works only for 15 minutes after it was sent, or until AMK ends the call. ${CALL_EN}` },
  ),
  used: page(
    { title: 'Lenken er allerede brukt', body: `Lenken kan bare åpnes én gang, på telefonen som åpnet den først. ${CALL_NB}` },
    { title: 'This link has already been used', body: `The link opens only once, on the phone that opened it first. ${CALL_EN}` },
  ),
  superseded: page(
    { title: 'Det er sendt en nyere lenke', body: 'AMK har sendt deg en ny lenke på SMS. Åpne den nyeste lenken; denne virker ikke lenger. Ring 113 hvis det haster.' },
    { title: 'A newer link has been sent', body: 'AMK has sent you a new link by text message. Open the newest link; this one no longer works. Call 113 if it is urgent.' },
  ),
};

export const CITIZEN_RATE_LIMITED_PAGE = page(
  { title: 'For mange forsøk', body: 'Vent ett minutt og prøv lenken igjen. Ring 113 hvis det haster.' },
  { title: 'Too many attempts', body: 'Wait one minute and try the link again. Call 113 if it is urgent.' },
);

export const CITIZEN_NOT_BUILT_PAGE = page(
  { title: 'Siden er ikke klar', body: 'Videosiden er ikke bygget på serveren. Ring 113 hvis det haster.' },
  { title: 'The page is not ready', body: 'The video page has not been built on the server. Call 113 if it is urgent.' },
);
