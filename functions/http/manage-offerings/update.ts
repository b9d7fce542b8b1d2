import { updateOffering } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.updateOffering, ({ actor, params, body }) => updateOffering(actor, params.id, body));
