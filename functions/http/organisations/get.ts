import { getOrganisationDetail } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.getOrganisation, ({ actor, params }) => getOrganisationDetail(actor, params.id));
