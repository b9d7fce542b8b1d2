import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { safeParseIn } from '../../shared/i18n/api.ts';
import { defaultLocale, isLocale, pickLocale, type Locale } from '../../shared/locale.ts';
import type { Problem } from '../../shared/schemas/api.ts';
import { requirePlatformAdmin, type Actor } from '../domain/actor.ts';
import {
  DomainError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.ts';
import { authenticate } from '../domain/sign-in.ts';
import { logger } from '../logger.ts';
import { internalProblem, problemFor } from './problem.ts';
import type { Route } from './route.ts';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
export type RouteInput<R extends Route> = {
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  headers: Infer<R['headers']>;
  /** The raw bytes on routes that take a binary body, else the parsed JSON body. */
  body: R['binaryBody'] extends object ? Buffer : Infer<R['body']>;
  locale: Locale;
  /** The signed-in person on routes that require one; public routes do not look. */
  actor: R['auth'] extends 'signed-in' | 'admin' ? Actor : undefined;
  event: APIGatewayProxyEventV2;
};
type Result = APIGatewayProxyStructuredResultV2;
/** What a use case of a route that `produces` a file returns. */
export type FileResult = { filename: string; body: string };
type Event = APIGatewayProxyEventV2 & {
  locale?: Locale;
  actor?: Actor;
  input?: Record<'params' | 'query' | 'headers' | 'body', unknown>;
};

/**
 * The request's language: `?lang=` when given (links shared between languages keep theirs),
 * otherwise Accept-Language. Problems and titles are worded in it.
 */
export const requestLocale = (): middy.MiddlewareObj<Event, Result> => ({
  before: (request) => {
    const explicit = request.event.queryStringParameters?.lang;
    request.event.locale = isLocale(explicit) ? explicit : pickLocale(request.event.headers?.['accept-language']);
  },
});

/**
 * Who is asking, from `Authorization: Bearer <session token>` (the web app forwards its session
 * cookie this way). Checked before the input, so a signed-out caller learns nothing from
 * validation messages. Public routes answer everyone alike and ignore any token: they neither
 * need the app secret nor spend a read on the session.
 */
export const authenticateRequest = (route: Route): middy.MiddlewareObj<Event, Result> => ({
  before: async (request) => {
    if (route.auth !== 'signed-in' && route.auth !== 'admin') return;
    const header = request.event.headers?.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new UnauthorizedError('No session token');
    request.event.actor = await authenticate(token);
    if (route.auth === 'admin') requirePlatformAdmin(request.event.actor);
  },
});

/** Parses path, query and body through the route's zod schemas before the handler runs. */
export const validateRequest = (route: Route): middy.MiddlewareObj<Event, Result> => ({
  before: (request) => {
    const { event } = request;
    const locale = event.locale ?? defaultLocale;
    const problems: FieldProblem[] = [];
    const parse = (where: FieldProblem['in'], schema: z.ZodType | undefined, input: unknown) => {
      if (!schema) return undefined;
      const result = safeParseIn(schema, input, locale);
      if (result.success) return result.data;
      problems.push(...result.issues.map((issue) => ({ in: where, path: issue.path, message: issue.message })));
      return undefined;
    };
    const { lang: _lang, ...query } = event.queryStringParameters ?? {};
    const body = route.body ? readJsonBody(event, problems) : unreadable;
    event.input = {
      params: parse('path', route.params, event.pathParameters ?? {}),
      query: parse('query', route.query, query),
      headers: parse('header', route.headers, pickHeaders(event, route.headers)),
      body: route.binaryBody ? readBinaryBody(event, route.binaryBody) : body === unreadable ? undefined : parse('body', route.body, body),
    };
    if (problems.length > 0) throw new ValidationError(problems);
  },
});

/** Only the headers a route declares, so its schema never sees (or echoes) the rest. */
function pickHeaders(event: APIGatewayProxyEventV2, schema: z.ZodObject | undefined): Record<string, string> {
  if (!schema) return {};
  const entries = Object.keys(schema.shape).map((name) => [name, event.headers?.[name]] as const);
  return Object.fromEntries(entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
}

/** A body that could not be read at all is reported once, not again by its schema. */
const unreadable = Symbol('unreadable');

function readJsonBody(event: APIGatewayProxyEventV2, problems: FieldProblem[]): unknown {
  const type = event.headers?.['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    problems.push({ in: 'header', path: ['content-type'], message: 'expectedJson' });
    return unreadable;
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  try {
    return JSON.parse(raw);
  } catch {
    problems.push({ in: 'body', path: [], message: 'malformedJson' });
    return unreadable;
  }
}

/**
 * The raw bytes of a binary body, which API Gateway (and the local API server) pass
 * base64-encoded. Refuses a Content-Type the route does not take (415) and too many bytes (413)
 * before decoding anything; whether the bytes really are of their declared type is the use
 * case's to check.
 */
function readBinaryBody(event: APIGatewayProxyEventV2, { types, maxBytes, field, messages }: NonNullable<Route['binaryBody']>): Buffer {
  const declared = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!types.includes(declared)) throw new UnsupportedMediaTypeError({ in: 'body', path: [field], message: messages.unsupportedType });
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.byteLength(raw, 'base64') : Buffer.byteLength(raw, 'utf8');
  if (bytes > maxBytes) throw new PayloadTooLargeError({ in: 'body', path: [field], message: messages.tooLarge });
  return Buffer.from(raw, event.isBase64Encoded ? 'base64' : 'utf8');
}

const problemResponse = (problem: Problem, locale: Locale, extraHeaders: Record<string, string> = {}): Result => ({
  statusCode: problem.status,
  headers: {
    ...extraHeaders,
    'content-type': 'application/problem+json',
    'content-language': locale,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body: JSON.stringify(problem),
});

/**
 * The one place errors become responses: domain errors as problem+json with their status,
 * anything else as a generic 500 that reveals nothing, logged with its stack.
 */
export const problemResponses = (): middy.MiddlewareObj<Event, Result> => ({
  onError: (request) => {
    const locale = request.event.locale ?? defaultLocale;
    const { error } = request;
    if (error instanceof DomainError) {
      request.response = problemResponse(problemFor(error, locale), locale, error.headers);
      return;
    }
    logger.error('Unhandled error', { error: error ?? undefined, path: request.event.rawPath });
    request.response = problemResponse(internalProblem(locale), locale);
  },
});

/**
 * A handler for one route of the route table: the shared middy chain around one use case.
 * The use case's result is the JSON body of a 200 (or the route's first declared status).
 */
export function httpRoute<R extends Route, T>(
  route: R,
  useCase: (input: RouteInput<R>) => Promise<T> | T,
): middy.MiddyfiedHandler<APIGatewayProxyEventV2, Result, Error, Context> {
  const status = Number(Object.keys(route.responses)[0] ?? 200);
  const cacheControl = route.cacheSeconds ? `public, max-age=${route.cacheSeconds}` : 'no-store';
  return middy<Event, Result, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(requestLocale())
    .use(authenticateRequest(route))
    .use(validateRequest(route))
    .use(problemResponses())
    .handler(async (event): Promise<Result> => {
      const input = event.input ?? { params: undefined, query: undefined, headers: undefined, body: undefined };
      const result = await useCase({ ...input, locale: event.locale ?? defaultLocale, actor: event.actor, event } as RouteInput<R>);
      if (route.produces) {
        const file = result as FileResult;
        return {
          statusCode: status,
          headers: {
            'content-type': route.produces,
            'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
          body: file.body,
        };
      }
      return {
        statusCode: status,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': cacheControl,
          vary: 'accept-language',
          'x-content-type-options': 'nosniff',
        },
        body: status === 204 ? '' : JSON.stringify(result),
      };
    }) as unknown as middy.MiddyfiedHandler<APIGatewayProxyEventV2, Result, Error, Context>;
}
