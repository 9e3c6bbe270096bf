import { Router } from 'express';
import type { News2ResponseDto } from '../../contracts/clinical';
import { assessNews2 } from '../../core/clinical/news2';
import { actorOf } from '../auth';

/** Clinical calculators, mounted at `/api/clinical` behind authentication. */
export function clinicalRoutes(): Router {
  const r = Router();

  // The body goes to the core unparsed so the role check comes first: a coordinator or admin
  // without a clinical role gets 403, not a list of field errors. The core's validation is the
  // one `News2RequestSchema` (contracts/clinical.ts) is built from, so the issues are the same.
  // No audit event: vital signs without a patient are not patient-linked data.
  r.post('/news2', (req, res) => {
    const result: News2ResponseDto = assessNews2(actorOf(req), req.body);
    res.json(result);
  });

  return r;
}
