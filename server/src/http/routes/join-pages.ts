/**
 * A consultation guest's personal link: where it leads, and the plain pages a guest sees when a
 * join link cannot be used or when they tried too often (Norwegian first, English below).
 */
import type { LinkRefusal } from '../../contracts/joining';
import { type PageText, type PersonalLinkKind, linkPage } from '../personal-links';

const page = (nb: PageText, en: PageText) => linkPage('Samrom', nb, en);

const ASK_AGAIN_NB = 'Ta kontakt med den som inviterte deg, så får du en ny lenke.';
const ASK_AGAIN_EN = 'Contact the person who invited you to get a new link.';

const LINK_PAGES: Readonly<Record<LinkRefusal, string>> = {
  not_found: page(
    { title: 'Vi finner ikke denne lenken', body: `Sjekk at hele lenken er med. ${ASK_AGAIN_NB}` },
    { title: 'We cannot find this link', body: `Check that the whole link was copied. ${ASK_AGAIN_EN}` },
  ),
  used: page(
    { title: 'Lenken er allerede brukt', body: `Lenken kan bare åpnes én gang, på den telefonen eller PC-en som åpnet den først. ${ASK_AGAIN_NB}` },
    { title: 'This link has already been used', body: `The link opens only once, on the phone or computer that opened it first. ${ASK_AGAIN_EN}` },
  ),
  not_open: page(
    { title: 'Det er for tidlig å bli med', body: 'Lenken virker fra ett døgn før møtet starter. Åpne den igjen nærmere møtet.' },
    { title: 'It is too early to join', body: 'The link works from one day before the meeting starts. Open it again closer to the meeting.' },
  ),
  expired: page(
    { title: 'Lenken er utløpt', body: `Møtet er over, og lenken virker ikke lenger. ${ASK_AGAIN_NB}` },
    { title: 'This link has expired', body: `The meeting is over and the link no longer works. ${ASK_AGAIN_EN}` },
  ),
  superseded: page(
    {
      title: 'Det er sendt en nyere lenke',
      body: 'Møtet er endret eller invitasjonen sendt på nytt, og en nyere lenke er sendt til deg på SMS eller e-post. Bruk den nyeste lenken; denne virker ikke lenger.',
    },
    {
      title: 'A newer link has been sent',
      body: 'The meeting has changed or the invitation was sent again, and a newer link has been sent to you by text message or e-mail. Use the newest link; this one no longer works.',
    },
  ),
  cancelled: page(
    { title: 'Møtet er avlyst', body: 'Dette møtet er avlyst. Den som inviterte deg, tar kontakt om et nytt tidspunkt.' },
    { title: 'The meeting has been cancelled', body: 'This meeting has been cancelled. The person who invited you will be in touch about a new time.' },
  ),
};

const RATE_LIMITED_PAGE = page(
  { title: 'For mange forsøk', body: 'Vent ett minutt og prøv lenken igjen.' },
  { title: 'Too many attempts', body: 'Wait one minute and try the link again.' },
);

const NOT_BUILT_PAGE = page(
  { title: 'Siden er ikke klar', body: 'Møtesiden er ikke bygget på serveren. Prøv igjen om litt.' },
  { title: 'The page is not ready', body: 'The meeting page has not been built on the server. Try again shortly.' },
);

/** A consultation guest's personal link: `/join/<token>` from the invitation, the join page (tabs/dist/join), `/api/guest`. */
export const GUEST_LINK: PersonalLinkKind<LinkRefusal> = {
  base: '/join',
  apiBase: '/api/guest',
  dist: 'join',
  htmlFile: 'join.html',
  cookie: 'samrom_guest',
  pages: { refusals: LINK_PAGES, rateLimited: RATE_LIMITED_PAGE, notBuilt: NOT_BUILT_PAGE },
  limiters: { link: 'join-link', api: 'guest-api' },
};
