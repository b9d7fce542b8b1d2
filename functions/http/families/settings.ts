import { saveFamilySettings } from '../../domain/families.ts';
import { httpRoute } from '../middleware.ts';
import { familyRoutes } from './routes.ts';

export const handler = httpRoute(familyRoutes.saveFamilySettings, ({ actor, body }) => saveFamilySettings(actor, body));
