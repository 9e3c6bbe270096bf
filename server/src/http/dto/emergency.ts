/**
 * Emergency results → the API's DTOs (contracts/emergency.ts), made at the edge: instants
 * become ISO strings. A call's snapshot (stream, console list) and full call with ISBAR take
 * names and the requester's phone from the directory at read time; the vital signs'
 * single-parameter NEWS2 scores are computed here, by the one scoring table, so a red
 * parameter is flagged the same way everywhere.
 */
import type {
  EmergencyCallDto,
  EmergencyCallListDto,
  EmergencyCallSnapshotDto,
  EmergencyInviteDto,
  EmergencyInviteListDto,
  EmergencyStatsDto,
} from '../../contracts/emergency';
import type { EmergencyCrewDto, EmergencyCrewLinkDto } from '../../contracts/emergency-crew';
import type { CrewLinkRecord, CrewLinks } from '../../core/emergency/crew';
import type { EmergencyInvite, EmergencyInviteList } from '../../core/emergency/invite';
import type { EmergencyCallList } from '../../core/emergency/calls';
import type { EmergencyStats } from '../../core/emergency/stats';
import type { EmergencyCallRecord } from '../../core/emergency/store';
import type { Directory } from '../../core/ports';
import { scoreNews2Parameters } from '../../shared/news2';

export function toEmergencyStatsDto(stats: EmergencyStats): EmergencyStatsDto {
  const { from, to, ...figures } = stats;
  return { from: from.toISOString(), to: to.toISOString(), ...figures };
}

/** The links sent for a call: the number's last three digits only, never the whole number. */
export function toEmergencyCrewDto(crew: CrewLinks): EmergencyCrewDto {
  return { callId: crew.callId, links: crew.links.map(toCrewLinkDto) };
}

function toCrewLinkDto(l: CrewLinkRecord): EmergencyCrewLinkDto {
  return {
    id: l.id,
    phoneLast3: l.phoneLast3,
    createdAt: l.createdAt.toISOString(),
    expiresAt: l.expiresAt.toISOString(),
    sentAt: l.sentAt?.toISOString() ?? null,
    failedAt: l.failedAt?.toISOString() ?? null,
    openedAt: l.exchangedAt?.toISOString() ?? null,
    joinedAt: l.joinedAt?.toISOString() ?? null,
  };
}

export function toEmergencyInviteDto(invite: EmergencyInvite): EmergencyInviteDto {
  return { callId: invite.callId, person: invite.person, invited: invite.invited, delivery: invite.delivery };
}

export function toEmergencyInviteListDto(list: EmergencyInviteList): EmergencyInviteListDto {
  return { callId: list.callId, invites: list.invites.map((i) => ({ person: i.person, invitedAt: i.invitedAt.toISOString(), delivery: i.delivery })) };
}

export async function snapshotOf(directory: Pick<Directory, 'byId'>, r: EmergencyCallRecord): Promise<EmergencyCallSnapshotDto> {
  const [requester, answerer, ender] = await Promise.all([
    directory.byId(r.requestedBy),
    r.answeredBy ? directory.byId(r.answeredBy) : null,
    r.endedBy ? directory.byId(r.endedBy) : null,
  ]);
  return {
    id: r.id,
    status: r.status,
    triage: r.triage,
    news2Total: r.news2Total,
    vitals: r.vitals,
    vitalScores: r.vitals ? scoreNews2Parameters(r.vitals) : {},
    requestedBy: { id: r.requestedBy, name: requester?.name ?? '', organization: requester?.organization ?? '', phone: requester?.phone ?? null },
    answeredBy: r.answeredBy ? { id: r.answeredBy, name: answerer?.name ?? '' } : null,
    videoReady: r.roomName !== null && r.status !== 'ended',
    endedBy: r.endedBy ? { id: r.endedBy, name: ender?.name ?? '' } : null,
    requestedAt: r.requestedAt.toISOString(),
    firstAlertAt: iso(r.firstAlertAt),
    answeredAt: iso(r.answeredAt),
    connectedAt: iso(r.connectedAt),
    endedAt: iso(r.endedAt),
    escalatedAt: iso(r.escalatedAt),
    outcome: r.outcome,
  };
}

export async function callDtoOf(directory: Pick<Directory, 'byId'>, r: EmergencyCallRecord): Promise<EmergencyCallDto> {
  return { ...(await snapshotOf(directory, r)), isbar: r.isbar };
}

export async function toEmergencyCallListDto(directory: Pick<Directory, 'byId'>, list: EmergencyCallList): Promise<EmergencyCallListDto> {
  return { calls: await Promise.all(list.calls.map((r) => snapshotOf(directory, r))), at: list.at.toISOString() };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
