import { viewMyFamily } from '../../domain/families.ts';
import { httpRoute } from '../middleware.ts';
import { familyRoutes } from './routes.ts';

export const handler = httpRoute(familyRoutes.getMyFamily, ({ actor }) => viewMyFamily(actor));
