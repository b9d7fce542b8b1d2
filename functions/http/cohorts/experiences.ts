import { viewExperiencesOfCohort } from '../../domain/cohorts.ts';
import { httpRoute } from '../middleware.ts';
import { cohortRoutes } from './routes.ts';

export const handler = httpRoute(cohortRoutes.listCohortExperiences, ({ params }) => viewExperiencesOfCohort(params.id));
