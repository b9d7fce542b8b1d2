import { uploadImage } from '../../domain/images.ts';
import { httpRoute } from '../middleware.ts';
import { imageRoutes } from './routes.ts';

const route = imageRoutes.uploadImage;

export const handler = httpRoute(route, ({ actor, query, body, event }) =>
  uploadImage({
    actor,
    organisationId: query.organisationId,
    declaredType: event.headers['content-type'] ?? '',
    bytes: body,
    field: { in: 'body', path: [route.binaryBody.field] },
  }),
);
