/**
 * Queue `rosters`: `scan-gaps` plans alerts for level-1 gaps in the next seven days;
 * `gap-alert` (`{key, specialty, gapStart, gapEnd}`) tells the specialty's coordinators in
 * Teams. A send worth retrying fails the job; the ledger keeps sent messages from going twice.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { JOB_PAYLOADS } from '../adapters/queue/registry';
import { ROSTER_JOBS } from '../adapters/queue/roster-jobs';
import {
  type GapAlert,
  type GapAlertReport,
  type GapAlertSendContext,
  type GapScanContext,
  type GapScanReport,
  scanRosterGaps,
  sendGapAlert,
} from '../core/rosters/gap-alerts';
import type { Clock } from '../core/ports';

export interface RosterWorkerDeps extends GapAlertSendContext, Omit<GapScanContext, 'now'> {
  readonly clock: Clock;
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export class RetryableGapAlertError extends Error {
  override readonly name = 'RetryableGapAlertError';
}

export function createRosterProcessor(deps: RosterWorkerDeps): (job: Job) => Promise<GapScanReport | GapAlertReport> {
  return async (job) => {
    switch (job.name) {
      case ROSTER_JOBS.scanGaps: {
        const report = await scanRosterGaps({ ...deps, now: deps.clock.now() });
        deps.logger.info({ jobId: job.id, ...report }, 'roster gaps scanned');
        return report;
      }
      case ROSTER_JOBS.gapAlert: {
        const alert: GapAlert = JOB_PAYLOADS.gapAlert.parse(job.data);
        const report = await sendGapAlert(deps, alert);
        deps.logger.info({ jobId: job.id, specialty: alert.specialty, ...report }, 'roster gap alert delivered');
        if (report.retry) throw new RetryableGapAlertError('some gap alerts failed and will be retried');
        return report;
      }
      default:
        throw new UnrecoverableError(`unknown roster job: ${job.name}`);
    }
  };
}
