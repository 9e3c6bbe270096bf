/** Removes consultation reminder jobs from BullMQ once their cancellation has committed. */
import type { Queue } from 'bullmq';
import type { ReminderJobs } from '../../core/consultations/store';
import { withTimeout } from './outbox';
import { QUEUES, type QueueName } from './registry';

/** A cancel must not hang on a Redis outage: the reminders are already cancelled in the database. */
const REMOVE_TIMEOUT_MS = 1_000;

export interface BullReminderJobsOptions {
  readonly queue: (name: QueueName) => Pick<Queue, 'remove'>;
  readonly logger: { warn(obj: object, msg: string): void };
}

/** A job it cannot remove (running, Redis down) still finds its reminder cancelled when it runs. */
export class BullReminderJobs implements ReminderJobs {
  constructor(private readonly o: BullReminderJobsOptions) {}

  async remove(jobIds: readonly string[]): Promise<void> {
    const queue = this.o.queue(QUEUES.reminders);
    const removeAll = Promise.all(
      jobIds.map((jobId) => queue.remove(jobId).catch((err: unknown) => this.o.logger.warn({ err, jobId }, 'could not remove a reminder job'))),
    );
    await withTimeout(removeAll, REMOVE_TIMEOUT_MS).catch((err: unknown) =>
      this.o.logger.warn({ err, jobs: jobIds.length }, 'reminder jobs not removed in time; their reminders are cancelled'),
    );
  }
}
