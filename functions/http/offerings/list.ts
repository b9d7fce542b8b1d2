import { searchOfferings } from '../../domain/catalogue.ts';
import { httpRoute } from '../middleware.ts';
import { offeringRoutes } from './routes.ts';

export const handler = httpRoute(offeringRoutes.listOfferings, ({ query }) => searchOfferings(query));
