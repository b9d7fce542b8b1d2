import { listFamilyInvitations } from '../../domain/invitations.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.listFamilyInvitations, ({ actor, locale }) => listFamilyInvitations(actor, locale));
