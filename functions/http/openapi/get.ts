import { httpRoute } from '../middleware.ts';
import { routes } from '../routes.ts';
import { openApiDocument } from './document.ts';

const document = openApiDocument(routes);

export const handler = httpRoute(routes.openApi, () => document);
