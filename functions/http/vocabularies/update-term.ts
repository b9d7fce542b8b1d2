import { updateTerm } from '../../domain/vocabularies.ts';
import { httpRoute } from '../middleware.ts';
import { vocabularyRoutes } from './routes.ts';

export const handler = httpRoute(vocabularyRoutes.updateTerm, ({ params, body }) => updateTerm(params.vocabulary, params.id, body));
