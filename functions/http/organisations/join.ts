import { requestToJoin } from '../../domain/organisations.ts';
import { httpRoute } from '../middleware.ts';
import { organisationRoutes } from './routes.ts';

export const handler = httpRoute(organisationRoutes.requestToJoin, ({ actor, params }) => requestToJoin(actor, params.id));
