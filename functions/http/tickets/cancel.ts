import { cancelFamilyTicket } from '../../domain/tickets.ts';
import { httpRoute } from '../middleware.ts';
import { ticketRoutes } from './routes.ts';

export const handler = httpRoute(ticketRoutes.cancelFamilyTicket, ({ actor, params, locale }) => cancelFamilyTicket(actor, params.id, locale));
