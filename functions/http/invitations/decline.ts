import { declineFamilyInvitation } from '../../domain/invitations.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.declineFamilyInvitation, ({ actor, params, locale }) => declineFamilyInvitation(actor, params.id, locale));
