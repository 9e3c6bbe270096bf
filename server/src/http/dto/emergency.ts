/**
 * Emergency results → the API's DTOs (contracts/emergency.ts), made at the edge: instants
 * become ISO strings.
 */
import type { EmergencyInviteDto, EmergencyInviteListDto, EmergencyStatsDto } from '../../contracts/emergency';
import type { EmergencyCrewDto, EmergencyCrewLinkDto } from '../../contracts/emergency-crew';
import type { CrewLinkRecord, CrewLinks } from '../../core/emergency/crew';
import type { EmergencyInvite, EmergencyInviteList } from '../../core/emergency/invite';
import type { EmergencyStats } from '../../core/emergency/stats';

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
