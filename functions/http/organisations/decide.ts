import { decideOrganisation } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.decideOrganisation, ({ actor, params, body }) => decideOrganisation(actor, params.id, body));
