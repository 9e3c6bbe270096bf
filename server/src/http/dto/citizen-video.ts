/**
 * Citizen video results → the API's DTOs (contracts/citizen-video.ts), made at the edge:
 * instants become ISO strings; the list carries the phone's last three digits only.
 */
import type { CitizenVideoCreatedDto, CitizenVideoDto, CitizenVideoListDto } from '../../contracts/citizen-video';
import type { CitizenVideoCreated, CitizenVideoSummary, CitizenVideoView } from '../../core/emergency/citizen-video';

export function toCitizenVideoCreatedDto(created: CitizenVideoCreated): CitizenVideoCreatedDto {
  return { id: created.id, status: created.status, expiresAt: created.expiresAt.toISOString() };
}

export function toCitizenVideoListDto(sessions: readonly CitizenVideoSummary[]): CitizenVideoListDto {
  return {
    sessions: sessions.map((r) => ({
      id: r.id,
      status: r.status,
      phoneLast3: r.phoneLast3,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      endedAt: iso(r.endedAt),
      createdBy: r.createdBy,
      location: r.location,
      photoCount: r.photoCount,
    })),
  };
}

export function toCitizenVideoDto(view: CitizenVideoView): CitizenVideoDto {
  const { record } = view;
  return {
    id: record.id,
    status: view.status,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    exchangedAt: iso(record.exchangedAt),
    consentedAt: iso(record.consentedAt),
    videoConnectedAt: iso(record.videoConnectedAt),
    endedAt: iso(record.endedAt),
    location: record.location,
    photos: view.photos.map((p) => ({ n: p.n, contentType: p.contentType, at: p.at.toISOString() })),
    invited: view.invited,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
