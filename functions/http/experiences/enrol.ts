import { enrolFirstCome } from '../../domain/first-come.ts';
import { httpRoute } from '../middleware.ts';
import { experienceRoutes } from './routes.ts';

export const handler = httpRoute(experienceRoutes.enrolFirstCome, ({ actor, params, headers, body }) =>
  enrolFirstCome(actor, params, body, { idempotencyKey: headers['idempotency-key'] }),
);
