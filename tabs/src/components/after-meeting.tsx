/**
 * After (and during) one consultation: who attended and for how long, the attendance export,
 * and the summary form (ISBAR notes, agreed actions, the next meeting). Filled in by the
 * attendance and summary service.
 */
import type { ConsultationDto } from '../../../server/src/contracts/consultations';

export function AfterMeeting(_props: { readonly consultation: ConsultationDto }) {
  return null;
}
