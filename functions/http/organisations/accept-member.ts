import { acceptMember } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.acceptMember, ({ actor, params }) => acceptMember(actor, params.id, params.personId));
