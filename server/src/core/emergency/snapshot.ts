/**
 * What an emergency call looks like to the people who may see it: the live snapshot (stream,
 * console list) and the full call with ISBAR. Names and the requester's phone come from the
 * directory at read time; the vital signs' single-parameter NEWS2 scores are computed here, by
 * the one scoring table, so a red parameter is flagged the same way everywhere.
 */
import type { EmergencyCallDto, EmergencyCallSnapshotDto } from '../../contracts/emergency';
import { scoreNews2Parameters } from '../../shared/news2';
import type { Directory } from '../ports';
import type { EmergencyCallRecord } from './store';

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

const iso = (d: Date | null) => (d ? d.toISOString() : null);
