import { updateVenue } from '../../domain/venues.ts';
import { httpRoute } from '../middleware.ts';
import { venueRoutes } from './routes.ts';

export const handler = httpRoute(venueRoutes.updateVenue, ({ actor, params, body }) => updateVenue(actor, params.id, body));
