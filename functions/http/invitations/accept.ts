import { acceptFamilyInvitation } from '../../domain/invitations.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.acceptFamilyInvitation, ({ actor, params, locale }) => acceptFamilyInvitation(actor, params.id, locale));
