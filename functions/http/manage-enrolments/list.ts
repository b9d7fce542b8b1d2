import { listOfferingEnrolments } from '../../domain/provider-enrolments.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.listOfferingEnrolments, ({ actor, params }) => listOfferingEnrolments(actor, params.id));
