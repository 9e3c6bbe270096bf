/** Removes consultation reminder jobs from BullMQ once their cancellation has committed. */
import type { Queue } from 'bullmq';
import type { ReminderJobs } from '../../core/consultations/store';
import { QUEUES, type QueueName } from './queues';

export interface BullReminderJobsOptions {
  readonly queue: (name: QueueName) => Pick<Queue, 'remove'>;
  readonly logger: { warn(obj: object, msg: string): void };
}

/** A job it cannot remove (running, Redis down) still finds its reminder cancelled when it runs. */
export class BullReminderJobs implements ReminderJobs {
  constructor(private readonly o: BullReminderJobsOptions) {}

  async remove(jobIds: readonly string[]): Promise<void> {
    const queue = this.o.queue(QUEUES.reminders);
    for (const jobId of jobIds) {
      await queue.remove(jobId).catch((err: unknown) => this.o.logger.warn({ err, jobId }, 'could not remove a reminder job'));
    }
  }
}
