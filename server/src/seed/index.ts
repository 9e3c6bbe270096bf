/**
 * Loads the synthetic demo directory. Development and demos only: production never seeds.
 */
import type { Directory } from '../core/ports';
import { DEMO_PEOPLE } from './vestre-viken';

export { DEMO_COORDINATOR_AAD_OBJECT_ID, DEMO_PEOPLE, SPECIALTIES, type SpecialtyId } from './vestre-viken';

/** Inserts or refreshes every demo person by id; running it again changes nothing new. */
export function seedDemoDirectory(directory: Directory): Promise<{ created: number; updated: number }> {
  return directory.upsert(DEMO_PEOPLE);
}

/**
 * Seeds only a directory with nobody in it, so people an administrator entered are never
 * mixed with demo people. Two instances starting at once may both seed; the upsert is
 * idempotent, so the result is the same. Returns whether it seeded.
 */
export async function seedIfEmpty(directory: Directory): Promise<boolean> {
  if ((await directory.list()).length > 0) return false;
  await seedDemoDirectory(directory);
  return true;
}
