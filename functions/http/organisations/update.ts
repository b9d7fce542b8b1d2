import { updateOrganisation } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.updateOrganisation, ({ actor, params, body }) => updateOrganisation(actor, params.id, body));
