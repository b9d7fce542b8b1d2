import { exportEnrolmentsCsv } from '../../domain/provider-enrolments.ts';
import { httpRoute } from '../middleware.ts';
import { manageEnrolmentRoutes } from './routes.ts';

export const handler = httpRoute(manageEnrolmentRoutes.exportEnrolments, ({ actor, params, locale }) => exportEnrolmentsCsv(actor, params.id, locale));
