import { Router, type Request } from 'express';
import {
  AvailabilityRequestSchema,
  type AvailabilityResponseDto,
  type ConsultationListDto,
  CreateConsultationSchema,
  ListConsultationsQuerySchema,
  ParticipantSchema,
  UpdateConsultationSchema,
} from '../../contracts/consultations';
import { searchAvailability } from '../../core/consultations/availability-search';
import { bookConsultation, cancelConsultation, getConsultation } from '../../core/consultations/booking';
import { listConsultations } from '../../core/consultations/listing';
import { addParticipant, removeParticipant, resendInvitation } from '../../core/consultations/participant-changes';
import { updateConsultation } from '../../core/consultations/rescheduling';
import type { ConsultationStore, ReminderJobs } from '../../core/consultations/store';
import type { AuditLog, Clock, Directory } from '../../core/ports';
import { actorOf } from '../auth';
import { toDto, toListItemDto } from '../dto/consultations';

export interface ConsultationRoutesDeps {
  readonly store: ConsultationStore;
  readonly jobs: ReminderJobs;
  readonly directory: Directory;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export function consultationRoutes(deps: ConsultationRoutesDeps): Router {
  const r = Router();
  const ctx = (req: Request) => ({ ...deps, actor: actorOf(req), requestId: String(req.id) });

  r.post('/', async (req, res) => {
    const body = CreateConsultationSchema.parse(req.body);
    res.status(201).json(toDto(await bookConsultation(ctx(req), body)));
  });

  r.get('/', async (req, res) => {
    const query = ListConsultationsQuerySchema.parse(req.query);
    const body: ConsultationListDto = { consultations: (await listConsultations(ctx(req), query)).map(toListItemDto) };
    res.json(body);
  });

  r.post('/availability', async (req, res) => {
    const body = AvailabilityRequestSchema.parse(req.body);
    const slots = await searchAvailability(ctx(req), body);
    const answer: AvailabilityResponseDto = { slots: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })) };
    res.json(answer);
  });

  r.get('/:id', async (req, res) => {
    res.json(toDto(await getConsultation(ctx(req), req.params.id)));
  });

  r.patch('/:id', async (req, res) => {
    const body = UpdateConsultationSchema.parse(req.body);
    res.json(toDto(await updateConsultation(ctx(req), req.params.id, body)));
  });

  r.post('/:id/cancel', async (req, res) => {
    res.json(toDto(await cancelConsultation(ctx(req), req.params.id)));
  });

  // One participant at a time: only the person concerned is told (participant-changes.ts).
  r.post('/:id/participants', async (req, res) => {
    const body = ParticipantSchema.parse(req.body);
    res.status(201).json(toDto(await addParticipant(ctx(req), req.params.id, body)));
  });

  r.delete('/:id/participants/:participantId', async (req, res) => {
    res.json(toDto(await removeParticipant(ctx(req), req.params.id, req.params.participantId)));
  });

  r.post('/:id/participants/:participantId/resend', async (req, res) => {
    res.json(toDto(await resendInvitation(ctx(req), req.params.id, req.params.participantId)));
  });

  return r;
}
