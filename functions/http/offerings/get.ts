import { getPublishedOffering } from '../../domain/offerings.ts';
import { httpRoute } from '../middleware.ts';
import { routes } from '../routes.ts';

export const handler = httpRoute(routes.getOffering, ({ params }) => getPublishedOffering(params.id));
