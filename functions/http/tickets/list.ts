import { listFamilyTickets } from '../../domain/tickets.ts';
import { httpRoute } from '../middleware.ts';
import { ticketRoutes } from './routes.ts';

export const handler = httpRoute(ticketRoutes.listFamilyTickets, ({ actor, locale }) => listFamilyTickets(actor, locale));
