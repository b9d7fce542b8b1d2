import { requestSignInLink } from '../../domain/sign-in.ts';
import { clientAddressOf } from '../client-address.ts';
import { httpRoute } from '../middleware.ts';
import { authRoutes } from './routes.ts';

export const handler = httpRoute(authRoutes.requestSignInLink, async ({ body, event }) => {
  await requestSignInLink(body, await clientAddressOf(event));
  return { sent: true };
});
