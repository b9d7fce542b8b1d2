import { openRound } from '../../domain/rounds.ts';
import { httpRoute } from '../middleware.ts';
import { roundRoutes } from './routes.ts';

export const handler = httpRoute(roundRoutes.openRound, ({ params, body }) => openRound(params.id, body));
