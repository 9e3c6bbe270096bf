/**
 * `book samtale` in the chat: the form, and its submit booked through the core use case as the
 * directory person behind the Teams user. Translates only: the use case decides.
 */
import type { TurnContext } from 'botbuilder';
import { CreateConsultationSchema } from '../server/src/contracts/consultations';
import { screenLink } from '../server/src/shared/deep-links';
import { BOOKING_ROLES, bookConsultation } from '../server/src/core/consultations/booking';
import { bookableClinicians } from '../server/src/core/consultations/listing';
import type { ConsultationStore } from '../server/src/core/consultations/store';
import { isDomainError } from '../server/src/core/errors';
import type { AuditLog, Clock, Directory } from '../server/src/core/ports';
import { hasAnyRole } from '../server/src/core/roles';
import { toDto } from '../server/src/http/dto/consultations';
import { actorOfTurn } from './actor';
import { type FormValue, bookedCard, bookingFormCard, notBookedCard, requestFromForm } from './booking-cards';
import { bookingMessagesFor } from './booking-messages';
import type { AdaptiveCard } from './cards';
import type { BotLogger } from './logger';
import { languageFor } from './messages';

/** What booking from the chat needs besides the directory. */
export interface BotBookingDeps {
  readonly store: ConsultationStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export interface BookingFlowDeps {
  readonly booking: BotBookingDeps;
  readonly directory: Directory;
  readonly logger: BotLogger;
  readonly publicBaseUrl: string;
  readonly teamsAppId?: string;
}

/** A card, or a short plain sentence (no personal or clinical data in either). */
export type BotReply =
  | {
      readonly kind: 'card';
      readonly card: AdaptiveCard;
      /** Told the id of the posted message, e.g. to update it in place later. */
      readonly onSent?: (activityId: string) => Promise<void>;
    }
  | { readonly kind: 'text'; readonly text: string };

export class BookingFlow {
  constructor(private readonly deps: BookingFlowDeps) {}

  async form(context: TurnContext): Promise<BotReply> {
    const m = bookingMessagesFor(context.activity.locale);
    const actor = await actorOfTurn(this.deps.directory, context);
    if (!actor) return { kind: 'text', text: m.unknownUser };
    if (!hasAnyRole(actor, BOOKING_ROLES)) return { kind: 'text', text: m.notAllowed };
    const clinicians = await bookableClinicians(this.deps.directory, actor);
    const bookerId = actor.kind === 'person' ? actor.personId : undefined;
    return { kind: 'card', card: bookingFormCard(m, clinicians, this.deps.booking.clock.now(), bookerId) };
  }

  async submit(context: TurnContext, value: FormValue): Promise<BotReply> {
    const language = languageFor(context.activity.locale);
    const m = bookingMessagesFor(context.activity.locale);
    const actor = await actorOfTurn(this.deps.directory, context);
    if (!actor) return { kind: 'text', text: m.unknownUser };
    if (!hasAnyRole(actor, BOOKING_ROLES)) return { kind: 'text', text: m.notAllowed };

    const clinicians = await bookableClinicians(this.deps.directory, actor);
    const form = requestFromForm(value, clinicians);
    if (!form.ok)
      return {
        kind: 'card',
        card: notBookedCard(
          m,
          language,
          form.issues.map((i) => i.message),
        ),
      };
    const parsed = CreateConsultationSchema.safeParse(form.request);
    if (!parsed.success)
      return {
        kind: 'card',
        card: notBookedCard(
          m,
          language,
          parsed.error.issues.map((i) => i.message),
        ),
      };

    try {
      const booked = toDto(
        await bookConsultation({ ...this.deps.booking, directory: this.deps.directory, actor, requestId: context.activity.id }, parsed.data),
      );
      this.deps.logger.info({ event: 'bot.consultation_booked', consultationId: booked.id }, 'consultation booked from the chat');
      return { kind: 'card', card: bookedCard(m, language, booked, this.meetingUrl(booked.id)) };
    } catch (err) {
      if (!isDomainError(err)) throw err;
      switch (err.code) {
        case 'validation_failed':
        case 'unprocessable':
          return {
            kind: 'card',
            card: notBookedCard(
              m,
              language,
              err.issues.map((i) => i.message),
            ),
          };
        case 'conflict':
          return { kind: 'card', card: notBookedCard(m, language, [m.doubleBooked, ...err.issues.map((i) => i.message)]) };
        case 'forbidden':
          return { kind: 'text', text: m.notAllowed };
        default:
          this.deps.logger.error({ event: 'bot.booking_failed', err }, 'booking from the chat failed');
          return { kind: 'text', text: m.unavailable };
      }
    }
  }

  private meetingUrl(id: string): string {
    const target = { kind: 'consultation', id } as const;
    return screenLink(this.deps, target);
  }
}
