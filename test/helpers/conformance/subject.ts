/**
 * The frame every conformance suite shares: one subject (a store and what it needs) opened
 * before the suite's tests and closed after them. The tests use their own ids, so one subject
 * serves them all in any order, and a PGlite database is migrated once per file, not per test.
 */
import { afterAll, beforeAll, describe } from 'vitest';

export interface Closable {
  close(): Promise<void>;
}

export function describeSubject<Subject extends Closable>(title: string, open: () => Promise<Subject>, tests: (subject: () => Subject) => void): void {
  describe(title, () => {
    let subject: Subject | undefined;
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(() => subject?.close());
    tests(() => subject!);
  });
}
