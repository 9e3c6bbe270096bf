/**
 * The privacy statement and terms of use that the Teams app package links to. Plain,
 * server-rendered pages: they must open for anyone, signed in or not, in or out of Teams.
 */
import { Router } from 'express';

const page = (title: string, body: string) => `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} – Samrom</title></head>
<body style="font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1b1b1b;background:#fff">
<main>${body}</main>
<footer style="margin-top:2rem"><a href="/app/">Til Samrom</a></footer></body></html>`;

const PRIVACY = page(
  'Personvern',
  `<h1>Personvern i Samrom</h1>
<p>Samrom brukes av helsepersonell i helsefellesskapet til videomøter, akuttvideo og konferering om pasienter.
Opplysninger om pasienter lagres bare i Samroms database hos helseforetaket, aldri i meldinger, SMS, e-post eller i videotjenesten.</p>
<ul>
<li>Videosamtaler tas ikke opp.</li>
<li>Lenker til pasienter og pårørende er personlige, utløper, og kan bare brukes én gang.</li>
<li>Pårørende deltar bare når pasienten har samtykket.</li>
<li>All lesing og endring av pasientopplysninger logges, og pasienten kan få innsyn i hvem som har sett opplysningene.</li>
</ul>
<p>Spørsmål om personvern rettes til personvernombudet i helseforetaket.</p>
<section lang="en"><h2>Privacy in Samrom (English)</h2>
<p>Patient data is stored only in Samrom's database at the health trust, never in messages, SMS, e-mail or the video service.
Calls are not recorded; links for patients and relatives are personal and expire; relatives join only with the patient's consent;
every read or change of patient data is logged, and patients may see who accessed their data.</p></section>`,
);

const TERMS = page(
  'Vilkår for bruk',
  `<h1>Vilkår for bruk av Samrom</h1>
<p>Samrom er et verktøy for samhandling mellom helsepersonell i helsefellesskapet. Bruk krever tjenstlig behov og følger
helsepersonelloven og virksomhetens retningslinjer for taushetsplikt og dokumentasjon.</p>
<ul>
<li>Ved akutt fare: ring 113. Samrom erstatter ikke nødnummeret.</li>
<li>Råd gitt i konfereringstelefonen dokumenteres av den som har ansvaret for pasienten.</li>
<li>Ikke del lenker til videomøter med andre enn dem de er laget for.</li>
</ul>
<section lang="en"><h2>Terms of use (English)</h2>
<p>Samrom is a collaboration tool for health personnel. Use requires a professional need and follows the Health Personnel Act and
your organisation's rules on confidentiality and documentation. In an emergency, call 113. Do not share meeting links.</p></section>`,
);

export function legalRoutes(): Router {
  const r = Router();
  r.get('/personvern', (_req, res) => res.type('html').send(PRIVACY));
  r.get('/vilkar', (_req, res) => res.type('html').send(TERMS));
  return r;
}
