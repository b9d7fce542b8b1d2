import { completeSignIn } from '../../domain/sign-in.ts';
import { httpRoute } from '../middleware.ts';
import { routes } from '../routes.ts';

export const handler = httpRoute(routes.createSession, ({ body }) => completeSignIn(body.token));
