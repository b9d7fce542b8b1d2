import { enrolForTeacher } from '../../domain/provider-enrolments.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.enrolForTeacher, ({ actor, params, headers, body }) =>
  enrolForTeacher(actor, params.id, body, headers['idempotency-key']),
);
