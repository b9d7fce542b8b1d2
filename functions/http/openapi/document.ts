import * as z from 'zod';
import { problem } from '../../../shared/schemas/api.ts';
import type { Route } from '../route.ts';

type Schema = Record<string, unknown>;
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Schema =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Schema;

/** Query, path and header schemas become one OpenAPI parameter per property. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path' | 'header') {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchema(schema, 'input') as { properties?: Record<string, Schema>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    description: property.description,
    schema: { ...property, description: undefined },
  }));
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** OpenAPI 3.1 for the route table, generated from the same zod schemas that validate requests. */
export function openApiDocument(routes: Record<string, Route>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(routes)) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(route.produces
          ? { content: { [route.produces]: { schema: { type: 'string' } } } }
          : response.schema
            ? { content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } } }
            : {}),
      };
    }
    for (const [status, description] of Object.entries(route.problems ?? {})) responses[status] = problemResponse(description);
    if (route.params || route.query || route.headers || route.body) responses['400'] = problemResponse('Invalid input; `errors` names each field');
    if (route.params) responses['404'] = problemResponse('No such resource');
    if (route.binaryBody) {
      responses['413'] = problemResponse(`More than ${route.binaryBody.maxBytes} bytes`);
      responses['415'] = problemResponse('Not one of the accepted types, or not the type it was sent as');
    }
    const signedIn = route.auth === 'signed-in' || route.auth === 'admin';
    if (signedIn) {
      responses['401'] = problemResponse('No session, or it has ended (signed out, idle too long)');
      responses['403'] = problemResponse(
        route.auth === 'admin' ? 'Platform admins only' : 'Not a member of the organisation that owns the resource; `errors` names the field',
      );
    }
    if ((route.sendsMail && !signedIn) || route.rateLimited) responses['429'] = problemResponse('Too many requests; see Retry-After');
    responses['500'] = problemResponse('A fault on our side; nothing about it is revealed');
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: {
        operationId,
        summary: route.summary,
        tags: route.tags,
        ...(signedIn ? { security: [{ session: [] }] } : {}),
        parameters: [
          ...parameters(route.params, 'path'),
          ...parameters(route.query, 'query'),
          ...parameters(route.headers, 'header'),
          {
            name: 'lang',
            in: 'query',
            required: false,
            description: 'Language of error titles (fi, sv, en); otherwise Accept-Language decides.',
            schema: { type: 'string', enum: ['fi', 'sv', 'en'] },
          },
        ],
        ...(route.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
          : {}),
        // Raw bytes, one media type each (OpenAPI 3.1: no schema needed for a binary body).
        ...(route.binaryBody
          ? { requestBody: { required: true, content: Object.fromEntries(route.binaryBody.types.map((type) => [type, {}])) } }
          : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tarjotin API',
      version: '1.0.0',
      description:
        'Published culture and sports offerings for schools and daycares. Texts are given in Finnish, Swedish and English where the provider wrote them. Times are UTC (ISO 8601); show them in Europe/Helsinki.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Problem: jsonSchema(problem, 'output') },
      securitySchemes: {
        session: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The `token` from POST /api/v1/auth/sessions (after following an emailed sign-in link).',
        },
      },
    },
  };
}
