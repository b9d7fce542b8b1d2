import { countCohortRecipients } from '../../domain/cohort-messages.ts';
import { httpRoute } from '../middleware.ts';
import { cohortMessageRoutes } from './routes.ts';

export const handler = httpRoute(cohortMessageRoutes.countCohortRecipients, ({ params, query }) => countCohortRecipients(params.id, query));
