import { acceptGuardianInvitation } from '../../domain/families.ts';
import { httpRoute } from '../middleware.ts';
import { familyRoutes } from './routes.ts';

export const handler = httpRoute(familyRoutes.acceptGuardianInvitation, ({ actor, params }) => acceptGuardianInvitation(actor, params.token));
