import { searchOfferings } from '../../domain/catalogue.ts';
import { httpRoute } from '../middleware.ts';
import { routes } from '../routes.ts';

export const handler = httpRoute(routes.listOfferings, ({ query }) => searchOfferings(query));
