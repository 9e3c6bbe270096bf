/**
 * A consultation guest's personal link: where it leads, the page with its one button (a mail
 * scanner's look uses nothing up), and the plain pages a guest sees when a join link cannot be
 * used or when they tried too often (Norwegian first, English below). Refusals give the
 * organiser's phone number.
 */
import type { LinkRefusal } from '../../contracts/joining';
import { type PageText, type PageTexts, type PersonalLinkKind, linkPage } from '../personal-links';

const SITE = 'Samrom';
const page = (nb: PageText, en: PageText) => linkPage(SITE, nb, en);
const texts = (nb: PageText, en: PageText): PageTexts => ({ nb, en });

const ASK_AGAIN_NB = 'Ta kontakt med den som inviterte deg, så får du en ny lenke.';
const ASK_AGAIN_EN = 'Contact the person who invited you to get a new link.';

const LINK_PAGES: Readonly<Record<LinkRefusal, PageTexts>> = {
  not_found: texts(
    { title: 'Vi finner ikke denne lenken', body: `Sjekk at hele lenken er med. ${ASK_AGAIN_NB}` },
    { title: 'We cannot find this link', body: `Check that the whole link was copied. ${ASK_AGAIN_EN}` },
  ),
  used: texts(
    {
      title: 'Lenken er allerede brukt',
      body: 'Lenken er tatt i bruk på en annen telefon eller PC. Trykk på knappen, så sender vi en ny lenke til telefonen eller e-posten vi har registrert for deg. Den gamle lenken slutter da å virke.',
    },
    {
      title: 'This link has already been used',
      body: 'The link has been opened on another phone or computer. Press the button and we will send a new link to the phone or e-mail we have on file for you. The old link then stops working.',
    },
  ),
  not_open: texts(
    { title: 'Det er for tidlig å bli med', body: 'Lenken virker fra ett døgn før møtet starter. Åpne den igjen nærmere møtet.' },
    { title: 'It is too early to join', body: 'The link works from one day before the meeting starts. Open it again closer to the meeting.' },
  ),
  expired: texts(
    { title: 'Lenken er utløpt', body: `Møtet er over, og lenken virker ikke lenger. ${ASK_AGAIN_NB}` },
    { title: 'This link has expired', body: `The meeting is over and the link no longer works. ${ASK_AGAIN_EN}` },
  ),
  superseded: texts(
    {
      title: 'Det er sendt en nyere lenke',
      body: 'Møtet er endret eller invitasjonen sendt på nytt, og en nyere lenke er sendt til deg på SMS eller e-post. Bruk den nyeste lenken; denne virker ikke lenger.',
    },
    {
      title: 'A newer link has been sent',
      body: 'The meeting has changed or the invitation was sent again, and a newer link has been sent to you by text message or e-mail. Use the newest link; this one no longer works.',
    },
  ),
  cancelled: texts(
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

const OPEN = {
  ...texts(
    { title: 'Bli med i møtet', body: 'Trykk på knappen for å gå til møtet. Lenken er personlig: ikke del den med andre.' },
    { title: 'Join the meeting', body: 'Press the button to go to the meeting. The link is personal: do not share it.' },
  ),
  button: 'Gå til møtet / Go to the meeting',
};

const NEW_LINK = {
  button: 'Send meg en ny lenke / Send me a new link',
  sent: texts(
    {
      title: 'Ny lenke er sendt',
      body: 'Vi har sendt en ny lenke til telefonen eller e-posten vi har registrert for deg. Den gamle lenken virker ikke lenger.',
    },
    { title: 'A new link has been sent', body: 'We have sent a new link to the phone or e-mail we have on file for you. The old link no longer works.' },
  ),
  limited: texts(
    { title: 'For mange nye lenker', body: 'Vi har nettopp sendt deg nye lenker. Vent en time, eller ring den som inviterte deg.' },
    { title: 'Too many new links', body: 'We have just sent you new links. Wait an hour, or call the person who invited you.' },
  ),
};

const CROSS_SITE = texts(
  { title: 'Åpne lenken på nytt', body: 'Forespørselen kom ikke fra denne siden. Åpne lenken fra SMS-en eller e-posten på nytt.' },
  { title: 'Open the link again', body: 'The request did not come from this page. Open the link from the text message or e-mail again.' },
);

/** A consultation guest's personal link: `/join/<token>` from the invitation, the join page (tabs/dist/join), `/api/guest`. */
export const GUEST_LINK: PersonalLinkKind<LinkRefusal> = {
  base: '/join',
  apiBase: '/api/guest',
  dist: 'join',
  htmlFile: 'join.html',
  cookie: 'samrom_guest',
  pages: { site: SITE, open: OPEN, refusals: LINK_PAGES, newLink: NEW_LINK, crossSite: CROSS_SITE, rateLimited: RATE_LIMITED_PAGE, notBuilt: NOT_BUILT_PAGE },
  limiters: { link: 'join-link', api: 'guest-api' },
};
