import { getOfferingForEditing } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.getManagedOffering, ({ actor, params }) => getOfferingForEditing(actor, params.id));
