/**
 * What the consultation use cases take: typed input, already parsed and checked at the edge
 * (the routes and the bot parse with the zod schemas in contracts/consultations.ts, whose
 * output fits these types). The core never sees a raw request body.
 */
import type { ParticipantRequest } from '../../shared/consultation-terms';
import type { ListScope } from '../../shared/scheduling-limits';

/** The patient as the booker gives them; the contact details are checked and normalised at the edge. */
export interface PatientRequest {
  readonly name: string;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly nationalId?: string | undefined;
}

/** A new booking. */
export interface BookingRequest {
  readonly title: string;
  readonly patient: PatientRequest;
  /** An ISO 8601 instant. */
  readonly start: string;
  readonly durationMinutes: number;
  readonly participants: readonly ParticipantRequest[];
}

/** A change to a booking: at least one field. */
export interface ConsultationPatch {
  readonly title?: string | undefined;
  readonly start?: string | undefined;
  readonly durationMinutes?: number | undefined;
  readonly participants?: readonly ParticipantRequest[] | undefined;
}

/** One list request: `from`/`to` ISO instants. */
export interface ConsultationListQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly scope?: ListScope | undefined;
}
