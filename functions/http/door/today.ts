import { doorToday } from '../../domain/door.ts';
import { httpRoute } from '../middleware.ts';
import { doorRoutes } from './routes.ts';

export const handler = httpRoute(doorRoutes.doorToday, ({ actor, params, locale }) => doorToday(actor, params.id, locale));
