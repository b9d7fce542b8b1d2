import { createOffering } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.createOffering, ({ actor, params, body }) => createOffering(actor, params.id, body));
