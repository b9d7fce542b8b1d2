import { listOrganisationOfferings } from '../../domain/manage-offerings.ts';
import { httpRoute } from '../middleware.ts';
import { manageOfferingRoutes } from './routes.ts';

export const handler = httpRoute(manageOfferingRoutes.listOrganisationOfferings, ({ actor, params }) => listOrganisationOfferings(actor, params.id));
