import type { ConsultationParticipantDto } from '../../../../server/src/contracts/consultations';
import type { ConsultationTexts } from '../../i18n-consultations';

/** `Per Pasient (pasient), Geir Fastlege (fastlege)` */
export function participantsText(t: ConsultationTexts, participants: readonly Pick<ConsultationParticipantDto, 'name' | 'role'>[]): string {
  return participants.map((p) => `${p.name} (${t.roles[p.role]})`).join(', ');
}
