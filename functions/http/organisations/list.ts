import { listOrganisations } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.listOrganisations, ({ actor, query }) => listOrganisations(actor, query));
