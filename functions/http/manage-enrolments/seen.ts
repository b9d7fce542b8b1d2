import { markSeen } from '../../domain/provider-enrolments.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.markEnrolmentsSeen, ({ actor, params, body }) => markSeen(actor, params.id, body.enrolmentIds));
