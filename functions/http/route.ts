import type * as z from 'zod';
import type { ApiMessages as Messages } from '../../shared/i18n/api.ts';

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
  /**
   * Who may call it: anyone (the default), a signed-in person, or a platform admin. Membership
   * of an organisation is checked by the use case, which knows whose resource it is.
   */
  auth?: 'public' | 'signed-in' | 'admin';
  /** Sends email itself (sign-in links, organisation decisions); only these get SES rights. */
  sendsMail?: boolean;
  /** Limits how often one person may call it (429 with Retry-After); public mail-sending routes always do. */
  rateLimited?: boolean;
  /** Needs the app secret (signing sessions, checking forwarded client addresses). Implied by `auth`. */
  usesSecret?: boolean;
  /** Writes uploaded images; only these get write access to the images bucket. */
  storesImages?: boolean;
  params?: z.ZodObject;
  query?: z.ZodType;
  /** Request headers the route reads (`idempotency-key`), by lower-case name; others are ignored. */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /**
   * Takes raw bytes instead of JSON (an image upload): the handler's `body` is a Buffer. A
   * Content-Type outside `types` is a 415 and more than `maxBytes` a 413, both naming `field`.
   */
  binaryBody?: {
    types: readonly string[];
    maxBytes: number;
    field: string;
    /** Keys of the catalogue's `validation` section for the two refusals. */
    messages: { unsupportedType: keyof Messages['validation']; tooLarge: keyof Messages['validation'] };
  };
  responses: Partial<Record<200 | 201 | 202 | 204, { description: string; schema?: z.ZodType }>>;
  /** Answers besides the usual ones (400, 401, 403, 404, 429, 500), documented in OpenAPI. */
  problems?: Partial<Record<409 | 422, string>>;
  /**
   * Answers a file instead of JSON (a CSV export, a calendar): the use case returns
   * `{ filename, body }`, sent with this Content-Type as an attachment.
   */
  produces?: 'text/csv; charset=utf-8' | 'text/calendar; charset=utf-8';
  /** Seconds shared caches may keep a successful answer. */
  cacheSeconds?: number;
  /** The function's time limit (10 s unless said); under 30, API Gateway's own limit. */
  timeoutSeconds?: number;
};

/** Whether CDK must hand the function the app secret. */
export const needsAppSecret = (route: Pick<Route, 'auth' | 'usesSecret'>): boolean =>
  (route.auth !== undefined && route.auth !== 'public') || route.usesSecret === true;

export function defineRoutes<const T extends Record<string, Route>>(routes: T): T {
  return routes;
}
