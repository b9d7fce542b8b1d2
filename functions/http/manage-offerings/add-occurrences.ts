import { addOccurrences } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.addOccurrences, ({ actor, params, body }) => addOccurrences(actor, params.id, body));
