import { enrol } from '../../domain/enrol.ts';
import { clientAddressOf } from '../client-address.ts';
import { httpRoute } from '../middleware.ts';
import { enrolmentRoutes } from './routes.ts';

export const handler = httpRoute(enrolmentRoutes.enrol, async ({ params, headers, body, event }) =>
  enrol(params.id, body, { idempotencyKey: headers['idempotency-key'], client: await clientAddressOf(event) }),
);
