import { whoAmI } from '../../domain/sign-in.ts';
import { httpRoute } from '../middleware.ts';
import { authRoutes } from './routes.ts';

export const handler = httpRoute(authRoutes.getMe, ({ actor }) => whoAmI(actor));
