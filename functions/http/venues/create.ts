import { createVenue } from '../../domain/venues.ts';
import { httpRoute } from '../middleware.ts';
import { venueRoutes } from './routes.ts';

export const handler = httpRoute(venueRoutes.createVenue, ({ actor, params, body }) => createVenue(actor, params.id, body));
