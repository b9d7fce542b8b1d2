import { declineInvitationByCode } from '../../domain/invitations.ts';
import { clientAddressOf } from '../client-address.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.declineInvitationByCode, async ({ params, locale, event }) =>
  declineInvitationByCode(params.code, await clientAddressOf(event), locale),
);
