import { publishOffering } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.publishOffering, ({ actor, params, body }) => publishOffering(actor, params.id, body));
