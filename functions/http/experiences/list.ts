import { listFamilyExperiences } from '../../domain/first-come.ts';
import { httpRoute } from '../middleware.ts';
import { experienceRoutes } from './routes.ts';

export const handler = httpRoute(experienceRoutes.listFamilyExperiences, ({ actor, locale }) => listFamilyExperiences(actor, locale));
