import { listFamilyRounds } from '../../domain/invitations.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.listFamilyRounds, ({ actor }) => listFamilyRounds(actor));
