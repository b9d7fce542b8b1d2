import { pickFromWaitlist } from '../../domain/provider-enrolments.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.pickFromWaitlist, ({ actor, params }) => pickFromWaitlist(actor, params.id, params.enrolmentId));
