import { createTerm } from '../../domain/vocabularies.ts';
import { httpRoute } from '../middleware.ts';
import { vocabularyRoutes } from './routes.ts';

export const handler = httpRoute(vocabularyRoutes.createTerm, ({ params, body }) => createTerm(params.vocabulary, body));
