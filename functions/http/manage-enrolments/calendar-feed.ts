import { calendarFeed } from '../../domain/calendar-feed.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.calendarFeed, ({ params, query }) => calendarFeed(params.id, query.token));
