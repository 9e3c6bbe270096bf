/**
 * Advice-line results → the API's DTOs (contracts/advice.ts), made at the edge: instants become
 * ISO strings and a video grant carries only what the call panel needs.
 */
import type { AdviceCreatedDto, AdviceJoinDto, AdviceQueueDto, AdviceStatsDto, OwnAdviceRequestsDto } from '../../contracts/advice';
import type { AdviceQueue, OwnAdviceRequest } from '../../core/advice/queue';
import type { AdviceJoin, AdviceStats, AdviceView } from '../../core/advice/use-cases';

/** A request's state, place in the queue and who would be rung now (or the switchboard, when nobody is on call). */
export function toAdviceCreatedDto(view: AdviceView): AdviceCreatedDto {
  return {
    id: view.request.id,
    status: view.request.status,
    position: view.position,
    estimatedWaitSeconds: view.estimatedWaitSeconds,
    onCallNow: view.onCallNow.map((p) => ({ personId: p.personId, name: p.name, level: p.level })),
    nobodyOnCall: view.nobodyOnCall,
    switchboardPhone: view.switchboardPhone,
  };
}

export function toAdviceJoinDto(join: AdviceJoin): AdviceJoinDto {
  const { token } = join;
  return { token: token.token, serverUrl: token.serverUrl, roomName: token.roomName, audioOnly: join.audioOnly, expiresAt: token.expiresAt.toISOString() };
}

export function toAdviceStatsDto(stats: AdviceStats): AdviceStatsDto {
  return {
    specialty: stats.specialty,
    from: stats.from.toISOString(),
    to: stats.to.toISOString(),
    targetSeconds: stats.targetSeconds,
    requests: stats.requests,
    answered: stats.answered,
    medianTimeToAnswerSeconds: stats.medianTimeToAnswerSeconds,
    p90TimeToAnswerSeconds: stats.p90TimeToAnswerSeconds,
    answeredWithinTargetShare: stats.answeredWithinTargetShare,
    escalatedShare: stats.escalatedShare,
    abandonedShare: stats.abandonedShare,
  };
}

export function toAdviceQueueDto(queue: AdviceQueue): AdviceQueueDto {
  return {
    specialty: queue.specialty,
    requests: queue.requests.map((r) => ({
      id: r.id,
      priority: r.priority,
      status: r.status,
      requester: r.requester,
      createdAt: r.createdAt.toISOString(),
      position: r.position,
    })),
  };
}

export function toOwnAdviceRequestsDto(mine: readonly OwnAdviceRequest[]): OwnAdviceRequestsDto {
  return {
    requests: mine.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      completedAt: r.completedAt ? r.completedAt.toISOString() : null,
    })),
  };
}
