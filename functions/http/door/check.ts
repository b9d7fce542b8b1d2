import { checkTicketAtDoor } from '../../domain/door.ts';
import { httpRoute } from '../middleware.ts';
import { doorRoutes } from './routes.ts';

export const handler = httpRoute(doorRoutes.checkTicket, ({ actor, body, locale }) => checkTicketAtDoor(actor, body, locale));
