import { Router } from 'express';
import { bookableClinicians } from '../../core/consultations/listing';
import type { Directory } from '../../core/ports';
import { actorOf } from '../auth';

/** `GET /api/directory/clinicians`: the people a booker can add to a consultation. */
export function directoryRoutes(deps: { directory: Directory }): Router {
  const r = Router();
  r.get('/clinicians', async (req, res) => {
    res.json({ people: await bookableClinicians(deps.directory, actorOf(req)) });
  });
  return r;
}
