import { cancelByProvider } from '../../domain/provider-enrolments.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.cancelEnrolmentByProvider, ({ actor, params, body }) =>
  cancelByProvider(actor, params.id, params.enrolmentId, body.message),
);
