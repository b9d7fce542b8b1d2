import { listServedCohorts } from '../../domain/cohorts.ts';
import { httpRoute } from '../middleware.ts';
import { cohortRoutes } from './routes.ts';

export const handler = httpRoute(cohortRoutes.listServedCohorts, () => listServedCohorts());
