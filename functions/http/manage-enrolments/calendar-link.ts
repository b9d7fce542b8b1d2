import { calendarFeedLink } from '../../domain/calendar-feed.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.calendarFeedLink, ({ actor, params, locale }) => calendarFeedLink(actor, params.id, locale));
