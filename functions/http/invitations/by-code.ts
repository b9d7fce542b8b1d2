import { viewInvitationByCode } from '../../domain/invitations.ts';
import { clientAddressOf } from '../client-address.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.getInvitationByCode, async ({ params, locale, event }) =>
  viewInvitationByCode(params.code, await clientAddressOf(event), locale),
);
