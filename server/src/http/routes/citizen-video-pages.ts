/**
 * AMK's personal links, the 113 caller's and the ambulance crew's: where each leads, and the
 * plain pages shown when a link cannot be used (Norwegian first, English below, no script,
 * readable on a phone in a hurry).
 */
import { CITIZEN_LINK_MINUTES } from '../../contracts/citizen-video';
import { CREW_LINK_MINUTES } from '../../contracts/emergency-crew';
import { type PageText, type PageTexts, type PersonalLinkKind, type PersonalLinkPages, type SmsLinkRefusal, linkPage } from '../personal-links';

const SITE = 'AMK video';
/** A plain page of AMK's video links (the caller's and the crew's). */
const page = (nb: PageText, en: PageText) => linkPage(SITE, nb, en);
const texts = (nb: PageText, en: PageText): PageTexts => ({ nb, en });

/** AMK answers 113: the number every refusal page gives. */
const AMK_PHONE = '113';

/** Each in Norwegian and English. */
type Both = readonly [nb: string, en: string];

interface SmsLinkTexts {
  /** The page a usable link shows: title, text and the button. */
  readonly open: { readonly title: Both; readonly body: Both; readonly button: string };
  /** What to do for a new link. */
  readonly ask: Both;
  readonly minutes: number;
  /** What else ends the link (after «eller til» / «or until»). */
  readonly until: Both;
  /** What opened the link elsewhere (after «en annen» / «another»). */
  readonly device: Both;
  readonly superseded: Both;
  /** Added after the pages' own advice where waiting is no option. */
  readonly urgent?: Both;
  readonly notBuilt: Both;
}

/** The refusal, rate-limit and not-built pages of an SMS link, from what differs between the caller's and the crew's. */
function smsLinkPages(t: SmsLinkTexts): PersonalLinkPages<SmsLinkRefusal> {
  const urgent = (i: 0 | 1) => (t.urgent ? ` ${t.urgent[i]}` : '');
  return {
    site: SITE,
    phone: AMK_PHONE,
    open: {
      ...texts({ title: t.open.title[0], body: t.open.body[0] }, { title: t.open.title[1], body: t.open.body[1] }),
      button: t.open.button,
    },
    crossSite: texts(
      { title: 'Åpne lenken på nytt', body: 'Forespørselen kom ikke fra denne siden. Åpne lenken fra SMS-en på nytt.' },
      { title: 'Open the link again', body: 'The request did not come from this page. Open the link from the text message again.' },
    ),
    refusals: {
      not_found: texts(
        { title: 'Vi finner ikke denne lenken', body: `Sjekk at hele lenken fra SMS-en er med. ${t.ask[0]}` },
        { title: 'We cannot find this link', body: `Check that the whole link from the text message was opened. ${t.ask[1]}` },
      ),
      expired: texts(
        { title: 'Lenken er utløpt', body: `Lenken virker bare i ${t.minutes} minutter etter at den ble sendt, eller til ${t.until[0]}. ${t.ask[0]}` },
        { title: 'This link has expired', body: `The link works only for ${t.minutes} minutes after it was sent, or until ${t.until[1]}. ${t.ask[1]}` },
      ),
      used: texts(
        { title: 'Lenken er allerede brukt', body: `Lenken er tatt i bruk på en annen ${t.device[0]}. Trykk på knappen, så får du en ny lenke på SMS.` },
        {
          title: 'This link has already been used',
          body: `The link has been opened on another ${t.device[1]}. Press the button to get a new link by text message.`,
        },
      ),
      superseded: texts(
        { title: 'Det er sendt en nyere lenke', body: `${t.superseded[0]} Åpne den nyeste lenken; denne virker ikke lenger.${urgent(0)}` },
        { title: 'A newer link has been sent', body: `${t.superseded[1]} Open the newest link; this one no longer works.${urgent(1)}` },
      ),
    },
    newLink: {
      button: 'Send meg en ny lenke / Send me a new link',
      sent: texts(
        { title: 'Ny lenke er sendt', body: `Du får en ny lenke på SMS om litt. Den gamle lenken virker ikke lenger.${urgent(0)}` },
        { title: 'A new link has been sent', body: `You will get a new link by text message shortly. The old link no longer works.${urgent(1)}` },
      ),
      limited: texts({ title: 'For mange nye lenker', body: t.ask[0] }, { title: 'Too many new links', body: t.ask[1] }),
    },
    rateLimited: page(
      { title: 'For mange forsøk', body: `Vent ett minutt og prøv lenken igjen.${urgent(0)}` },
      { title: 'Too many attempts', body: `Wait one minute and try the link again.${urgent(1)}` },
    ),
    notBuilt: page(
      { title: 'Siden er ikke klar', body: `Videosiden er ikke bygget på serveren. ${t.notBuilt[0]}` },
      { title: 'The page is not ready', body: `The video page has not been built on the server. ${t.notBuilt[1]}` },
    ),
  };
}

const URGENT: Both = ['Ring 113 hvis det haster.', 'Call 113 if it is urgent.'];

/** A 113 caller's personal link: `/video/<token>` by SMS, the citizen page (tabs/dist/video), `/api/citizen`. */
export const CITIZEN_LINK: PersonalLinkKind<SmsLinkRefusal> = {
  base: '/video',
  apiBase: '/api/citizen',
  dist: 'video',
  htmlFile: 'video.html',
  cookie: 'samrom_citizen',
  pages: smsLinkPages({
    open: {
      title: ['Videosamtale med AMK', 'Video call with AMK'],
      body: [
        'AMK (113) ber om å få se situasjonen på video. Trykk på knappen for å åpne videosamtalen.',
        'AMK (113) asks to see the situation on video. Press the button to open the video call.',
      ],
      button: 'Åpne videosamtalen / Open the video call',
    },
    ask: ['Trenger du fortsatt hjelp, ring 113. AMK kan sende deg en ny lenke.', 'If you still need help, call 113. AMK can send you a new link.'],
    minutes: CITIZEN_LINK_MINUTES,
    until: ['AMK avslutter', 'AMK ends the call'],
    device: ['telefon', 'phone'],
    superseded: ['AMK har sendt deg en ny lenke på SMS.', 'AMK has sent you a new link by text message.'],
    urgent: URGENT,
    notBuilt: URGENT,
  }),
  limiters: { link: 'citizen-link', api: 'citizen-api' },
};

/** An ambulance crew's personal link: `/crew/<token>` by SMS, the crew page (built with the citizen page, sharing its assets), `/api/crew`. */
export const CREW_LINK: PersonalLinkKind<SmsLinkRefusal> = {
  base: '/crew',
  apiBase: '/api/crew',
  dist: 'video',
  htmlFile: 'crew.html',
  assetsBase: '/video/assets',
  cookie: 'samrom_crew',
  pages: smsLinkPages({
    open: {
      title: ['Video fra AMK', 'Video from AMK'],
      body: [
        'AMK ber ambulansen bli med i videosamtalen. Trykk på knappen for å åpne den.',
        'AMK asks the ambulance to join the video call. Press the button to open it.',
      ],
      button: 'Åpne videosamtalen / Open the video call',
    },
    ask: ['Be AMK sende en ny lenke.', 'Ask AMK to send a new link.'],
    minutes: CREW_LINK_MINUTES,
    until: ['samtalen er avsluttet', 'the call ends'],
    device: ['enhet', 'device'],
    superseded: ['AMK har sendt en ny lenke til dette nummeret.', 'AMK has sent a new link to this number.'],
    notBuilt: ['Ring AMK.', 'Call AMK.'],
  }),
  limiters: { link: 'crew-link', api: 'crew-api' },
};
