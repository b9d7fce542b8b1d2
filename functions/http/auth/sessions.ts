import { completeSignIn } from '../../domain/sign-in.ts';
import { httpRoute } from '../middleware.ts';
import { authRoutes } from './routes.ts';

export const handler = httpRoute(authRoutes.createSession, ({ body }) => completeSignIn(body.token));
