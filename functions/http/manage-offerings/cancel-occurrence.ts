import { cancelOccurrence } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.cancelOccurrence, ({ actor, params, body }) =>
  cancelOccurrence(actor, params.id, params.occurrenceId, body),
);
