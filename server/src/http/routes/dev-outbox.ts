/**
 * `GET /dev/outbox` (an HTML page) and `GET /dev/outbox.json`: the SMS and e-mail the
 * development outbox stored instead of sending, newest first. Development only — the
 * messages hold personal join links — so the app mounts this only outside production, and
 * the answers are never cached, indexed or sent on as a referrer.
 */
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { DEV_OUTBOX_DEFAULT_LIMIT, DEV_OUTBOX_MAX_LIMIT, type DevMessage, type DevOutbox } from '../../adapters/messaging/dev-outbox';

const QuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(DEV_OUTBOX_MAX_LIMIT).default(DEV_OUTBOX_DEFAULT_LIMIT),
});

export interface DevMessageDto {
  readonly id: number;
  readonly channel: 'sms' | 'email';
  readonly to: string;
  readonly subject: string | null;
  readonly text: string;
  readonly calendar: { readonly method: 'REQUEST' | 'CANCEL'; readonly content: string } | null;
  readonly createdAt: string;
}

export function devOutboxRoutes(deps: { outbox: DevOutbox }): Router {
  const r = Router();
  r.get('/dev/outbox.json', privatePage, async (req, res) => {
    const { limit } = QuerySchema.parse(req.query);
    const messages: DevMessageDto[] = (await deps.outbox.list({ limit })).map(toDto);
    res.json({ messages });
  });
  r.get('/dev/outbox', privatePage, async (req, res) => {
    const { limit } = QuerySchema.parse(req.query);
    res.type('html').send(renderOutbox(await deps.outbox.list({ limit })));
  });
  return r;
}

/** The messages hold personal join links: never cached, indexed or passed on as a referrer. */
const privatePage: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  next();
};

function toDto(m: DevMessage): DevMessageDto {
  return { id: m.id, channel: m.channel, to: m.to, subject: m.subject, text: m.text, calendar: m.calendar, createdAt: m.createdAt.toISOString() };
}

// ── The page ──────────────────────────────────────────────────────────────────────────────

const OSLO_TIME = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'medium' });
const CHANNEL_LABEL = { sms: 'SMS', email: 'E-post' } as const;
const CALENDAR_LABEL = { REQUEST: 'Invitasjon (REQUEST)', CANCEL: 'Avlysning (CANCEL)' } as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** http(s) URLs only, so a stored `javascript:` text never becomes a link. Trailing punctuation stays text. */
const URL_PATTERN = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Escapes the text and turns its http(s) links into anchors a developer can click. */
export function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0];
    html += escapeHtml(text.slice(last, match.index));
    html += `<a href="${escapeHtml(url)}" rel="noreferrer noopener">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

function row(m: DevMessage): string {
  const calendar = m.calendar
    ? `<details><summary>${CALENDAR_LABEL[m.calendar.method]}</summary><pre>${escapeHtml(m.calendar.content)}</pre></details>`
    : '<span aria-label="ingen">–</span>';
  return `<tr>
<td><time datetime="${m.createdAt.toISOString()}">${escapeHtml(OSLO_TIME.format(m.createdAt))}</time></td>
<td>${CHANNEL_LABEL[m.channel]}</td>
<td>${escapeHtml(m.to)}</td>
<td>${m.subject === null ? '<span aria-label="ingen">–</span>' : escapeHtml(m.subject)}</td>
<td class="text">${linkify(m.text)}</td>
<td>${calendar}</td>
</tr>`;
}

export function renderOutbox(messages: readonly DevMessage[]): string {
  const body =
    messages.length === 0
      ? '<p>Ingen meldinger ennå. SMS og e-post som Samrom sender i utvikling, dukker opp her.</p>'
      : `<table>
<caption>${messages.length} ${messages.length === 1 ? 'melding' : 'meldinger'}, nyeste først</caption>
<thead><tr><th scope="col">Tid (norsk tid)</th><th scope="col">Kanal</th><th scope="col">Til</th><th scope="col">Emne</th><th scope="col">Melding</th><th scope="col">Kalender</th></tr></thead>
<tbody>
${messages.map(row).join('\n')}
</tbody>
</table>`;
  return `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer">
<title>Utboks for utvikling – Samrom</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;line-height:1.5;color:#1b1b1b;background:#fff}
table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{border:1px solid #8a8a8a;padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#f0f0f0}
td.text{white-space:pre-wrap;overflow-wrap:anywhere}pre{white-space:pre-wrap;font-size:.85rem}
a{color:#0b57d0}a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
</style></head>
<body><main>
<h1>Utboks for utvikling</h1>
<p>SMS og e-post blir lagret her i stedet for å bli sendt, fordi ingen SMS- eller e-postleverandør er satt opp
(<code>SMS_*</code> / <code>SMTP_*</code>). Siden finnes bare i utvikling: meldingene kan inneholde personlige lenker.</p>
<p lang="en">Development outbox: messages are stored instead of sent. <a href="/dev/outbox.json">JSON</a></p>
<h2>Meldinger</h2>
${body}
</main></body></html>`;
}
