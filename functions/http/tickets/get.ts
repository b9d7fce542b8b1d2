import { viewFamilyTicket } from '../../domain/tickets.ts';
import { httpRoute } from '../middleware.ts';
import { ticketRoutes } from './routes.ts';

export const handler = httpRoute(ticketRoutes.getFamilyTicket, ({ actor, params, locale }) => viewFamilyTicket(actor, params.id, locale));
