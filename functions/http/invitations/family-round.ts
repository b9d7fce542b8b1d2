import { getFamilyRound } from '../../domain/invitations.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.getFamilyRound, ({ actor, params }) => getFamilyRound(actor, params.id));
