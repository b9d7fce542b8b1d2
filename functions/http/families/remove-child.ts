import { removeChild } from '../../domain/families.ts';
import { httpRoute } from '../middleware.ts';
import { familyRoutes } from './routes.ts';

export const handler = httpRoute(familyRoutes.removeChild, ({ actor, params }) => removeChild(actor, params.id));
