import { listVocabularies } from '../../domain/vocabularies.ts';
import { httpRoute } from '../middleware.ts';
import { vocabularyRoutes } from './routes.ts';

export const handler = httpRoute(vocabularyRoutes.listVocabularies, () => listVocabularies());
