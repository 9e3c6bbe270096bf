/**
 * AMK's personal links, the 113 caller's and the ambulance crew's: where each leads, and the
 * plain pages shown when a link cannot be used (Norwegian first, English below, no script,
 * readable on a phone in a hurry).
 */
import { CITIZEN_LINK_MINUTES } from '../../contracts/citizen-video';
import { CREW_LINK_MINUTES } from '../../contracts/emergency-crew';
import { type PageText, type PersonalLinkKind, type PersonalLinkPages, type SmsLinkRefusal, linkPage } from '../personal-links';

/** A plain page of AMK's video links (the caller's and the crew's). */
const page = (nb: PageText, en: PageText) => linkPage('AMK video', nb, en);

/** Each in Norwegian and English. */
type Both = readonly [nb: string, en: string];

interface SmsLinkTexts {
  /** What to do for a new link. */
  readonly ask: Both;
  readonly minutes: number;
  /** What else ends the link (after «eller til» / «or until»). */
  readonly until: Both;
  /** What opened the link first (after «på» / «on the»). */
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
    refusals: {
      not_found: page(
        { title: 'Vi finner ikke denne lenken', body: `Sjekk at hele lenken fra SMS-en er med. ${t.ask[0]}` },
        { title: 'We cannot find this link', body: `Check that the whole link from the text message was opened. ${t.ask[1]}` },
      ),
      expired: page(
        { title: 'Lenken er utløpt', body: `Lenken virker bare i ${t.minutes} minutter etter at den ble sendt, eller til ${t.until[0]}. ${t.ask[0]}` },
        { title: 'This link has expired', body: `The link works only for ${t.minutes} minutes after it was sent, or until ${t.until[1]}. ${t.ask[1]}` },
      ),
      used: page(
        { title: 'Lenken er allerede brukt', body: `Lenken kan bare åpnes én gang, på ${t.device[0]} som åpnet den først. ${t.ask[0]}` },
        { title: 'This link has already been used', body: `The link opens only once, on the ${t.device[1]} that opened it first. ${t.ask[1]}` },
      ),
      superseded: page(
        { title: 'Det er sendt en nyere lenke', body: `${t.superseded[0]} Åpne den nyeste lenken; denne virker ikke lenger.${urgent(0)}` },
        { title: 'A newer link has been sent', body: `${t.superseded[1]} Open the newest link; this one no longer works.${urgent(1)}` },
      ),
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
    ask: ['Trenger du fortsatt hjelp, ring 113. AMK kan sende deg en ny lenke.', 'If you still need help, call 113. AMK can send you a new link.'],
    minutes: CITIZEN_LINK_MINUTES,
    until: ['AMK avslutter', 'AMK ends the call'],
    device: ['telefonen', 'phone'],
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
    ask: ['Be AMK sende en ny lenke.', 'Ask AMK to send a new link.'],
    minutes: CREW_LINK_MINUTES,
    until: ['samtalen er avsluttet', 'the call ends'],
    device: ['enheten', 'device'],
    superseded: ['AMK har sendt en ny lenke til dette nummeret.', 'AMK has sent a new link to this number.'],
    notBuilt: ['Ring AMK.', 'Call AMK.'],
  }),
  limiters: { link: 'crew-link', api: 'crew-api' },
};
