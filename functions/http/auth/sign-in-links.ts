import { requestSignInLink } from '../../domain/sign-in.ts';
import { clientAddressOf } from '../client-address.ts';
import { httpRoute } from '../middleware.ts';
import { routes } from '../routes.ts';

export const handler = httpRoute(routes.requestSignInLink, async ({ body, event }) => {
  await requestSignInLink(body, await clientAddressOf(event));
  return { sent: true };
});
