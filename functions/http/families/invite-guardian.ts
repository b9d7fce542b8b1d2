import { inviteSecondGuardian } from '../../domain/families.ts';
import { httpRoute } from '../middleware.ts';
import { familyRoutes } from './routes.ts';

export const handler = httpRoute(familyRoutes.inviteSecondGuardian, ({ actor, body }) => inviteSecondGuardian(actor, body));
