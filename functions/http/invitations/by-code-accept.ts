import { acceptInvitationByCode } from '../../domain/invitations.ts';
import { clientAddressOf } from '../client-address.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.acceptInvitationByCode, async ({ params, locale, event }) =>
  acceptInvitationByCode(params.code, await clientAddressOf(event), locale),
);
