import { proposeOrganisation } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.proposeOrganisation, ({ actor, body }) => proposeOrganisation(actor, body));
