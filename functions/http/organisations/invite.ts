import { inviteMember } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.inviteMember, ({ actor, params, body }) => inviteMember(actor, params.id, body));
