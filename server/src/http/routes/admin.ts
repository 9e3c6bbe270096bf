import { Router } from 'express';
import { AuditQuerySchema, type AuditEventDto, DirectoryUpsertSchema } from '../../contracts/api';
import { readPatientAccessLog } from '../../core/audit';
import { listPeople, upsertPeople } from '../../core/directory';
import type { AuditLog, Clock, Directory } from '../../core/ports';
import { actorOf } from '../auth';

export function adminRoutes(deps: { directory: Directory; audit: AuditLog; clock: Clock }): Router {
  const r = Router();

  r.post('/directory', async (req, res) => {
    const body = DirectoryUpsertSchema.parse(req.body);
    const result = await upsertPeople(deps.directory, actorOf(req), body.people);
    res.status(200).json(result);
  });

  r.get('/directory', async (req, res) => {
    res.json({ people: await listPeople(deps.directory, actorOf(req)) });
  });

  r.get('/audit', async (req, res) => {
    const q = AuditQuerySchema.parse(req.query);
    const events = await readPatientAccessLog({ audit: deps.audit, actor: actorOf(req), clock: deps.clock, requestId: String(req.id) }, q.patientId, {
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    });
    const dto: AuditEventDto[] = events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorName: e.actorName,
      action: e.action,
      patientId: e.patientId,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      outcome: e.outcome,
      reason: e.reason ?? null,
    }));
    res.json({ patientId: q.patientId, events: dto });
  });

  return r;
}
