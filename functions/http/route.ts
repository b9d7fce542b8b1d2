import type * as z from 'zod';

/**
 * One entry of the route table: enough for the local runtime to dispatch a request, for CDK to
 * create the API route, its function and its least-privilege table grant, and for the OpenAPI
 * document, without importing any handler code.
 */
export type Route = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template: `/api/v1/offerings/{id}`. */
  path: string;
  /** The handler module, relative to the repository root; it exports `handler`. */
  handler: string;
  summary: string;
  tags: string[];
  /** What the function may do to the table; CDK grants exactly this. */
  table: 'none' | 'read' | 'write';
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Partial<Record<200 | 201 | 204, { description: string; schema?: z.ZodType }>>;
  /** Seconds shared caches may keep a successful answer. */
  cacheSeconds?: number;
};

export function defineRoutes<const T extends Record<string, Route>>(routes: T): T {
  return routes;
}
