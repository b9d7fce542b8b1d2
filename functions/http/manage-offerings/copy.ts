import { copyOffering } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.copyOffering, ({ actor, params }) => copyOffering(actor, params.id));
