import { editChild } from '../../domain/families.ts';
import { httpRoute } from '../middleware.ts';
import { familyRoutes } from './routes.ts';

export const handler = httpRoute(familyRoutes.editChild, ({ actor, params, body }) => editChild(actor, params.id, body));
