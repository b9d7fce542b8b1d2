import { listVenues } from '../../domain/venues.ts';
import { httpRoute } from '../middleware.ts';
import { venueRoutes } from './routes.ts';

export const handler = httpRoute(venueRoutes.listVenues, ({ actor, params }) => listVenues(actor, params.id));
