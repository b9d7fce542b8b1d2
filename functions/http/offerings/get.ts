import { getPublishedOffering } from '../../domain/offerings.ts';
import { httpRoute } from '../middleware.ts';
import { offeringRoutes } from './routes.ts';

export const handler = httpRoute(offeringRoutes.getOffering, ({ params }) => getPublishedOffering(params.id));
