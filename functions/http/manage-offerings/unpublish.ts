import { unpublishOffering } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.unpublishOffering, ({ actor, params, body }) => unpublishOffering(actor, params.id, body));
