/**
 * Group commit for small writes that many concurrent requests make (an audit row, an outbox
 * row marked as sent): the first caller writes at once; callers that arrive while that write
 * is running are written together in the next one. Each caller's promise settles when the
 * write holding its items has (so "awaited" still means "in the database"), and fails with it.
 */
export class GroupWrite<T> {
  private running: Promise<void> | undefined;
  private next: { items: T[]; done: Promise<void> } | undefined;

  constructor(private readonly write: (items: readonly T[]) => Promise<void>) {}

  add(...items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    if (!this.running) return this.start(items);
    if (!this.next) {
      const batch: T[] = [];
      // Starts when the running write ends, whether it failed or not.
      const done = this.running
        .catch(() => undefined)
        .then(() => {
          this.next = undefined;
          return this.start(batch);
        });
      this.next = { items: batch, done };
    }
    this.next.items.push(...items);
    return this.next.done;
  }

  private start(items: readonly T[]): Promise<void> {
    const running = this.write(items).finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }
}
