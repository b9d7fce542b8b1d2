import { sendCohortMessage } from '../../domain/cohort-messages.ts';
import { httpRoute } from '../middleware.ts';
import { cohortMessageRoutes } from './routes.ts';

export const handler = httpRoute(cohortMessageRoutes.sendCohortMessage, ({ params, body }) => sendCohortMessage(params.id, body));
