import { listMyEnrolments } from '../../domain/manage-enrolment.ts';
import { httpRoute } from '../middleware.ts';
import { enrolmentRoutes } from './routes.ts';

export const handler = httpRoute(enrolmentRoutes.listMyEnrolments, ({ actor }) => listMyEnrolments(actor));
