import { closeRound } from '../../domain/rounds.ts';
import { httpRoute } from '../middleware.ts';
import { roundRoutes } from './routes.ts';

export const handler = httpRoute(roundRoutes.closeRound, ({ params }) => closeRound(params.id));
