import { saveFamilyPreferences } from '../../domain/invitations.ts';
import { httpRoute } from '../middleware.ts';
import { invitationRoutes } from './routes.ts';

export const handler = httpRoute(invitationRoutes.putFamilyPreferences, ({ actor, params, body }) => saveFamilyPreferences(actor, params.id, body));
