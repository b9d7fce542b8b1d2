import { updateOccurrence } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.updateOccurrence, ({ actor, params, body }) =>
  updateOccurrence(actor, params.id, params.occurrenceId, body),
);
