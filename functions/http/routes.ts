import { authRoutes } from './auth/routes.ts';
import { cohortRoutes } from './cohorts/routes.ts';
import { enrolmentRoutes } from './enrolments/routes.ts';
import { familyRoutes } from './families/routes.ts';
import { imageRoutes } from './images/routes.ts';
import { manageEnrolmentRoutes } from './manage-enrolments/routes.ts';
import { manageOfferingRoutes } from './manage-offerings/routes.ts';
import { offeringRoutes } from './offerings/routes.ts';
import { openApiRoutes } from './openapi/routes.ts';
import { organisationRoutes } from './organisations/routes.ts';
import { defineRoutes } from './route.ts';
import { invitationRoutes } from './invitations/routes.ts';
import { roundRoutes } from './rounds/routes.ts';
import { cohortMessageRoutes } from './cohort-messages/routes.ts';
import { doorRoutes } from './door/routes.ts';
import { experienceRoutes } from './experiences/routes.ts';
import { ticketRoutes } from './tickets/routes.ts';
import { venueRoutes } from './venues/routes.ts';
import { vocabularyRoutes } from './vocabularies/routes.ts';

/**
 * Every API route, read by infra/cdk (API Gateway + Lambda), infra/local (the dev server) and
 * the OpenAPI document. Each resource folder keeps its own part in its routes.ts, which its
 * handlers import, so a function's bundle holds only its own group's schemas.
 */
export const routes = defineRoutes({
  ...offeringRoutes,
  ...manageOfferingRoutes,
  ...authRoutes,
  ...openApiRoutes,
  ...imageRoutes,
  ...vocabularyRoutes,
  ...organisationRoutes,
  ...venueRoutes,
  ...enrolmentRoutes,
  ...manageEnrolmentRoutes,
  ...cohortRoutes,
  ...familyRoutes,
  ...roundRoutes,
  ...invitationRoutes,
  ...doorRoutes,
  ...ticketRoutes,
  ...experienceRoutes,
  ...cohortMessageRoutes,
});
