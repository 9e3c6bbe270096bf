/**
 * Every proactive Teams notice, one discriminated union over the services' own notice types
 * (`kind` is `<service>.<what>`). Core emits these; `adapters/teams/render-notice.ts` renders them.
 */
import type { AdviceNotice } from './advice/teams-notices';
import type { ConsultationsNotice } from './consultations/teams-notices';
import type { EmergencyNotice } from './emergency/teams-notices';
import type { RostersNotice } from './rosters/teams-notices';

export type TeamsNotice = AdviceNotice | ConsultationsNotice | EmergencyNotice | RostersNotice;
