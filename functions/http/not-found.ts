import { RouteNotFoundError } from '../domain/errors.ts';
import { httpRoute } from './middleware.ts';
import type { Route } from './route.ts';

/**
 * API Gateway's `$default` route (and the local runtime's fallback): any method and path the
 * route table does not list gets a problem+json 404 instead of API Gateway's own body.
 */
const anyUnknownRoute: Route = {
  method: 'GET',
  path: '$default',
  handler: 'functions/http/not-found.ts',
  summary: 'Unknown route',
  tags: [],
  table: 'none',
  responses: {},
};

export const handler = httpRoute(anyUnknownRoute, () => {
  throw new RouteNotFoundError('No such route');
});
