import { decideEnrolments } from '../../domain/provider-enrolments.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.decideEnrolments, ({ actor, params, body }) => decideEnrolments(actor, params.id, body));
