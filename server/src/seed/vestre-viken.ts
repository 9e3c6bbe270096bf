/**
 * A synthetic demo directory for Helsefellesskapet Vest-Viken (see shared/domain/vestre-viken.md).
 *
 * Everything personal here is invented: names, HPR numbers (nine digits starting 99000),
 * phone numbers (all in +47 9000 xxxx) and e-mail addresses on the reserved `.example`
 * top-level domain, which can never deliver. Outside production no SMS or call provider is
 * reached anyway; the fixed ranges let a test prove that nothing else slipped in.
 * Organizations are plain names of the region's hospitals, legevakts and services.
 */
import type { PersonInput } from '../core/ports';
import type { Role } from '../core/roles';

/** Specialties on the advice line, as stable lowercase slugs with a display name. */
export const SPECIALTIES = [
  { id: 'indremedisin', name: 'Indremedisin' },
  { id: 'kardiologi', name: 'Kardiologi' },
  { id: 'geriatri', name: 'Geriatri' },
  { id: 'lungemedisin', name: 'Lungemedisin' },
  { id: 'nevrologi', name: 'Nevrologi' },
  { id: 'gastroenterologi', name: 'Gastroenterologi' },
  { id: 'infeksjonsmedisin', name: 'Infeksjonsmedisin' },
  { id: 'onkologi', name: 'Onkologi' },
  { id: 'kirurgi', name: 'Kirurgi' },
  { id: 'ortopedi', name: 'Ortopedi' },
  { id: 'gynekologi-og-fodsel', name: 'Gynekologi og fødsel' },
  { id: 'barnemedisin', name: 'Barnemedisin' },
  { id: 'psykiatri', name: 'Psykiatri' },
  { id: 'barne-og-ungdomspsykiatri', name: 'Barne- og ungdomspsykiatri' },
  { id: 'rus-og-avhengighet', name: 'Rus og avhengighet (TSB)' },
] as const satisfies readonly { readonly id: string; readonly name: string }[];

export type SpecialtyId = (typeof SPECIALTIES)[number]['id'];

/** The Teams identity (`oid`) of the demo coordinator `ke-drammen-1`; configure the Agents Playground user with it. */
export const DEMO_COORDINATOR_AAD_OBJECT_ID = '00000000-0000-4000-8000-000000000020';

const HOSPITAL_DOMAIN = 'vestreviken.example';

interface Details {
  /** Mail domain; always under the reserved `.example` top-level domain. */
  readonly domain: string;
  /** A specialty, or the AMK backup group's marker (`amk-leder`, see core/emergency/alerts.ts). */
  readonly specialty?: SpecialtyId | 'amk-leder';
  readonly aadObjectId?: string;
  /** Health personnel carry an HPR number; office staff do not. @defaultValue true */
  readonly hpr?: boolean;
}

/** `n` (1–9999) gives the person an invented phone number and HPR number. */
function person(id: string, name: string, roles: readonly Role[], organization: string, n: number, details: Details): PersonInput {
  const digits = String(n).padStart(4, '0');
  return {
    id,
    name,
    roles,
    organization,
    phone: `+479000${digits}`,
    email: `${mailbox(name)}@${details.domain}`,
    ...(details.hpr === false ? {} : { hprNumber: `99000${digits}` }),
    ...(details.specialty ? { specialty: details.specialty } : {}),
    ...(details.aadObjectId ? { aadObjectId: details.aadObjectId } : {}),
  };
}

/** `Ingrid Sæther-Bø` → `ingrid.saether-bo`: e-mail local parts stay ASCII. */
function mailbox(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .replaceAll('å', 'a')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '.');
}

const specialist = (id: string, name: string, specialty: SpecialtyId, organization: string, n: number, aadObjectId?: string) =>
  person(id, name, ['specialist'], organization, n, { domain: HOSPITAL_DOMAIN, specialty, aadObjectId });

const gp = (id: string, name: string, municipality: string, n: number, aadObjectId?: string) =>
  person(id, name, ['gp'], `Fastlegene i ${municipality}`, n, { domain: 'fastlege.example', aadObjectId });

const legevakt = (id: string, name: string, organization: string, n: number, aadObjectId?: string) =>
  person(id, name, ['legevakt'], organization, n, { domain: 'legevakt.example', aadObjectId });

const amk = (id: string, name: string, n: number, aadObjectId?: string, specialty?: 'amk-leder') =>
  person(id, name, ['amk'], 'AMK Vestre Viken', n, { domain: HOSPITAL_DOMAIN, aadObjectId, specialty });

const BAERUM = 'Bærum sykehus';
const DRAMMEN = 'Drammen sykehus';
const KONGSBERG = 'Kongsberg sykehus';
const RINGERIKE = 'Ringerike sykehus';
const PHR = 'Klinikk psykisk helse og rus';

export const DEMO_PEOPLE: readonly PersonInput[] = [
  // Administrators; the second also books meetings for the health community's secretariat.
  person('admin-1', 'Sigrid Bakke-Olsen', ['admin'], 'Vestre Viken HF', 101, {
    domain: HOSPITAL_DOMAIN,
    hpr: false,
    aadObjectId: 'c4571921-fcf2-49f7-98c2-3989bd4f9ab5',
  }),
  person('admin-2', 'Farid Rahimi', ['admin', 'coordinator'], 'Helsefellesskapet Vest-Viken', 102, {
    domain: 'helsefellesskap.example',
    // Coordinates the indremedisin roster: gets its gap alerts.
    specialty: 'indremedisin',
    hpr: false,
    aadObjectId: 'd43cbc2e-c478-46a7-b693-2d6591cd8976',
  }),

  // Koordinerende enhet in the municipalities and at the hospital trust.
  person('ke-drammen-1', 'Marte Solberg', ['coordinator'], 'Drammen kommune', 201, {
    domain: 'drammen.kommune.example',
    aadObjectId: DEMO_COORDINATOR_AAD_OBJECT_ID,
  }),
  person('ke-drammen-2', 'Jonas Hagen', ['coordinator'], 'Drammen kommune', 202, { domain: 'drammen.kommune.example' }),
  person('ke-asker-1', 'Aisha Mohammed', ['coordinator'], 'Asker kommune', 203, { domain: 'asker.kommune.example' }),
  person('ke-ringerike-1', 'Tor Egil Bråten', ['coordinator'], 'Ringerike kommune', 204, { domain: 'ringerike.kommune.example' }),
  person('ke-vestreviken-1', 'Hanne Lund Kristiansen', ['coordinator'], 'Vestre Viken HF', 205, {
    domain: HOSPITAL_DOMAIN,
    // Coordinates the kardiologi roster: gets its gap alerts.
    specialty: 'kardiologi',
    aadObjectId: '6e931058-a8fd-4ccc-ac2d-71e1189bba3b',
  }),

  // Fastleger across the region.
  gp('gp-asker-1', 'Erik Strand', 'Asker', 301),
  gp('gp-baerum-1', 'Lan Thi Nguyen', 'Bærum', 302),
  gp('gp-drammen-1', 'Kristoffer Moen', 'Drammen', 303, '9016e2ae-2612-415e-94f5-d305eebcd9f6'),
  gp('gp-lier-1', 'Ingeborg Aasen', 'Lier', 304, 'adb711f7-5554-4156-a862-d13f389e9750'),
  gp('gp-kongsberg-1', 'Kamil Nowak', 'Kongsberg', 305),
  gp('gp-ringerike-1', 'Ragnhild Bøe', 'Ringerike', 306),
  gp('gp-modum-1', 'Yusuf Demir', 'Modum', 307),
  gp('gp-hol-1', 'Astrid Myhre', 'Hol', 308),

  // Legevakt doctors.
  legevakt('lv-drammen-1', 'Magnus Haugland', 'Drammen interkommunale legevakt', 401, '21e79d35-d419-4656-b5c2-0f162b6e34f2'),
  legevakt('lv-drammen-2', 'Selma Hodžić', 'Drammen interkommunale legevakt', 402),
  legevakt('lv-asker-baerum-1', 'Andreas Vik', 'Asker og Bærum legevakt', 403, '778741c7-d335-4bc1-8440-2c1932f505dd'),
  legevakt('lv-asker-baerum-2', 'Maryam Hosseini', 'Asker og Bærum legevakt', 404),
  legevakt('lv-kongsberg-1', 'Ole Kristian Tveit', 'Kongsberg interkommunale legevakt', 405),
  legevakt('lv-ringerike-1', 'Hedda Sørum', 'Ringerike interkommunale legevakt', 406),

  // AMK: the operational leader first, then five operators.
  // The leader is the backup group an unanswered call escalates to (marked `amk-leder`).
  amk('amk-leder-1', 'Bjørn Ivar Lie', 501, '371db5a4-5c09-405e-9879-3992c4aa49b9', 'amk-leder'),
  amk('amk-1', 'Camilla Fjeld', 502, 'bc1a4738-ac51-416a-8282-c31c04379075'),
  amk('amk-2', 'Mohammed Ali Khan', 503),
  amk('amk-3', 'Siri Nygård', 504),
  amk('amk-4', 'Daniel Eriksen', 505),
  amk('amk-5', 'Julie Haug Pettersen', 506),

  // Specialists: at least three (levels 1/2/3) in the five busiest specialties, one or two elsewhere.
  specialist('spes-kardiologi-1', 'Petter Lindqvist', 'kardiologi', DRAMMEN, 1001, 'd6aeb173-cdf5-4242-a6b3-155ddb53e998'),
  specialist('spes-kardiologi-2', 'Amina Warsame', 'kardiologi', BAERUM, 1002),
  specialist('spes-kardiologi-3', 'Henrik Solheim', 'kardiologi', RINGERIKE, 1003),
  specialist('spes-indremedisin-1', 'Karin Dahl', 'indremedisin', KONGSBERG, 1011, '84e404cd-3fdf-462f-a730-f2c7cb99fa56'),
  specialist('spes-indremedisin-2', 'Tariq Mahmood', 'indremedisin', DRAMMEN, 1012),
  specialist('spes-indremedisin-3', 'Eli Rønning', 'indremedisin', BAERUM, 1013),
  specialist('spes-indremedisin-4', 'Sander Holm', 'indremedisin', RINGERIKE, 1014),
  specialist('spes-geriatri-1', 'Gunn Berit Halvorsen', 'geriatri', BAERUM, 1021),
  specialist('spes-geriatri-2', 'Arvid Tangen', 'geriatri', DRAMMEN, 1022),
  specialist('spes-geriatri-3', 'Leila Karimi', 'geriatri', KONGSBERG, 1023),
  specialist('spes-psykiatri-1', 'Thomas Berg Aune', 'psykiatri', PHR, 1031, '08a35ee8-a643-428c-8852-70433f948dc6'),
  specialist('spes-psykiatri-2', 'Nora Isaksen', 'psykiatri', PHR, 1032),
  specialist('spes-psykiatri-3', 'Piotr Zieliński', 'psykiatri', PHR, 1033),
  specialist('spes-barnemedisin-1', 'Ida Marie Kolstad', 'barnemedisin', DRAMMEN, 1041, '611d0b30-904c-4547-810d-b63847f3e0fb'),
  specialist('spes-barnemedisin-2', 'Ahmed Osman', 'barnemedisin', BAERUM, 1042),
  specialist('spes-barnemedisin-3', 'Kristin Vold', 'barnemedisin', RINGERIKE, 1043),
  specialist('spes-lungemedisin-1', 'Geir Sandvik', 'lungemedisin', DRAMMEN, 1051),
  specialist('spes-lungemedisin-2', 'Hiba Saleh', 'lungemedisin', BAERUM, 1052),
  specialist('spes-nevrologi-1', 'Linn Eide', 'nevrologi', DRAMMEN, 1061),
  specialist('spes-nevrologi-2', 'Stian Opsahl', 'nevrologi', BAERUM, 1062),
  specialist('spes-gastroenterologi-1', 'Mette Rasmussen', 'gastroenterologi', BAERUM, 1071),
  specialist('spes-infeksjonsmedisin-1', 'Jørgen Teigen', 'infeksjonsmedisin', DRAMMEN, 1081),
  specialist('spes-onkologi-1', 'Anh Tran', 'onkologi', DRAMMEN, 1091),
  specialist('spes-kirurgi-1', 'Lars Gulbrandsen', 'kirurgi', DRAMMEN, 1101),
  specialist('spes-kirurgi-2', 'Emilie Fossum', 'kirurgi', KONGSBERG, 1102),
  specialist('spes-ortopedi-1', 'Vegard Skaug', 'ortopedi', KONGSBERG, 1111),
  specialist('spes-ortopedi-2', 'Sofie Lindberg', 'ortopedi', RINGERIKE, 1112),
  specialist('spes-gynekologi-og-fodsel-1', 'Tone Brekke', 'gynekologi-og-fodsel', DRAMMEN, 1121),
  specialist('spes-gynekologi-og-fodsel-2', 'Fatima Jama', 'gynekologi-og-fodsel', BAERUM, 1122),
  specialist('spes-barne-og-ungdomspsykiatri-1', 'Marius Heggelund', 'barne-og-ungdomspsykiatri', PHR, 1131),
  specialist('spes-barne-og-ungdomspsykiatri-2', 'Vilde Strøm', 'barne-og-ungdomspsykiatri', PHR, 1132),
  specialist('spes-rus-og-avhengighet-1', 'Anette Grønli', 'rus-og-avhengighet', PHR, 1141),
  specialist('spes-rus-og-avhengighet-2', 'Reza Ahmadi', 'rus-og-avhengighet', PHR, 1142),

  // Municipal health and care services: home nursing and FACT teams.
  person('kom-drammen-1', 'Hilde Engen', ['municipality'], 'Hjemmesykepleien Drammen', 601, {
    domain: 'drammen.kommune.example',
    aadObjectId: 'f7e45738-3d64-42c0-8bee-7b19b6cab756',
  }),
  person('kom-baerum-1', 'Kjersti Myrvold', ['municipality'], 'Hjemmesykepleien Bærum', 602, { domain: 'baerum.kommune.example' }),
  person('kom-kongsberg-1', 'Oddvar Kjos', ['municipality'], 'Hjemmesykepleien Kongsberg', 603, { domain: 'kongsberg.kommune.example' }),
  person('kom-ringerike-1', 'Zainab Yusuf', ['municipality'], 'Hjemmesykepleien Ringerike', 604, { domain: 'ringerike.kommune.example' }),
  person('fact-drammen-1', 'Eirik Torp', ['municipality'], 'FACT Drammen', 605, { domain: 'drammen.kommune.example' }),
  person('fact-ung-asker-1', 'Malin Sæther', ['municipality'], 'FACT Ung Asker', 606, { domain: 'asker.kommune.example' }),
];
