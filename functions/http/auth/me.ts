import { whoAmI } from '../../domain/sign-in.ts';
import { httpRoute } from '../middleware.ts';
import { routes } from '../routes.ts';

export const handler = httpRoute(routes.getMe, ({ actor }) => whoAmI(actor));
