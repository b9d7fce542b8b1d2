import { registerChild } from '../../domain/families.ts';
import { httpRoute } from '../middleware.ts';
import { familyRoutes } from './routes.ts';

export const handler = httpRoute(familyRoutes.registerChild, ({ actor, body, locale }) => registerChild(actor, body, locale));
