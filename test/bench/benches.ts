/** Every benchmark `npm run bench` knows, in the order it runs them. Add new ones here. */
import { adviceQueue } from './advice-queue.bench';
import { apiAuditRead } from './api-audit-read';
import { availability } from './availability.bench';
import type { Bench } from './bench';
import { booking } from './booking.bench';
import { emergency } from './emergency.bench';
import { news2Scoring } from './news2.bench';
import { redelivery } from './redelivery.bench';
import { startup } from './startup.bench';

export const BENCHES: readonly Bench[] = [apiAuditRead, booking, news2Scoring, availability, emergency, adviceQueue, redelivery, startup];
