import type { ConsultationParticipantDto, DeliveryDto } from '../../../../server/src/contracts/consultations';
import type { ConsultationTexts } from '../../i18n-consultations';

/** `Per Pasient (pasient), Geir Fastlege (fastlege)` */
export function participantsText(t: ConsultationTexts, participants: readonly Pick<ConsultationParticipantDto, 'name' | 'role'>[]): string {
  return participants.map((p) => `${p.name} (${t.roles[p.role]})`).join(', ');
}

/** `Invitasjon: SMS levert, e-post feilet` (each channel's latest invitation message), or '' when none was sent yet. */
export function deliveriesText(t: ConsultationTexts, deliveries: readonly Pick<DeliveryDto, 'channel' | 'state'>[]): string {
  if (deliveries.length === 0) return '';
  return `${t.detail.invitationStatus}: ${deliveries.map((d) => `${t.channels[d.channel]} ${t.detail.deliveryStates[d.state]}`).join(', ')}`;
}
