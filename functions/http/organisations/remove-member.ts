import { removeMember } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.removeMember, ({ actor, params }) => removeMember(actor, params.id, params.personId));
