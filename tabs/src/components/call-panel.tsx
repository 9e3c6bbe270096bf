/**
 * In one consultation, for a clinician participant: join the call from the tab (no lobby) and
 * see and admit the guests waiting in the lobby. Filled in by the join service.
 */
import type { ConsultationDto } from '../../../server/src/contracts/consultations';

export function CallPanel(_props: { readonly consultation: ConsultationDto }) {
  return null;
}
