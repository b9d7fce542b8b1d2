import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { NotFoundError, OfferingNotFoundError } from '../../functions/domain/errors.ts';
import { httpRoute } from '../../functions/http/middleware.ts';
import { defineRoutes } from '../../functions/http/route.ts';
import { toApiGatewayEvent } from '../../infra/local/api-server.ts';
import { listOfferingsQuery, offeringPath } from '../../shared/schemas/api.ts';
import { studyLevel } from '../../shared/vocabularies.ts';

const routes = defineRoutes({
  search: {
    method: 'GET',
    path: '/things',
    handler: 'unused',
    summary: '',
    tags: [],
    table: 'none',
    query: listOfferingsQuery,
    responses: { 200: { description: '' } },
  },
  get: {
    method: 'GET',
    path: '/things/{id}',
    handler: 'unused',
    summary: '',
    tags: [],
    table: 'none',
    params: offeringPath,
    responses: { 200: { description: '' } },
  },
  create: {
    method: 'POST',
    path: '/things',
    handler: 'unused',
    summary: '',
    tags: [],
    table: 'none',
    body: z.object({ level: studyLevel, children: z.int().min(0) }),
    responses: { 201: { description: '' } },
  },
});

const context = {} as Context;
function event(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; id?: string } = {}) {
  return toApiGatewayEvent(
    { method: init.method ?? 'GET', url, headers: init.headers ?? {} },
    Buffer.from(init.body ?? ''),
    init.id ? { routeKey: 'GET /things/{id}', pathParameters: { id: init.id } } : undefined,
  ) as APIGatewayProxyEventV2;
}
const json = (result: { body?: string }) => JSON.parse(result.body ?? 'null');

describe('the shared middy chain', () => {
  const search = httpRoute(routes.search, ({ query }) => ({ limit: query.limit }));

  it('hands the use case parsed, typed input', async () => {
    const result = await search(event('/things?limit=7'), context);
    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual({ limit: 7 });
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
  });

  it('answers bad query input with a 400 problem naming every field, in the request’s language', async () => {
    const result = await search(
      event('/things?studyLevel=grade-10&limit=100000&from=2026-12-10&to=2026-12-01', { headers: { 'accept-language': 'sv-FI' } }),
      context,
    );
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    const problem = json(result);
    expect(problem).toMatchObject({ type: '/api/v1/problems/validation', status: 400, title: 'Begäran innehåller felaktiga uppgifter' });
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['studyLevel.0', 'limit']);
    expect(problem.errors[0]).toEqual({ in: 'query', field: 'studyLevel.0', pointer: '/studyLevel/0', detail: 'Okänd årskurs' });
  });

  it('names a reversed date range on the end date', async () => {
    const result = await search(event('/things?from=2026-12-10&to=2026-12-01&lang=en'), context);
    expect(json(result).errors).toEqual([
      { in: 'query', field: 'to', pointer: '/to', detail: 'The end date is before the start date' },
    ]);
  });

  it('validates path parameters', async () => {
    const get = httpRoute(routes.get, ({ params }) => params);
    const result = await get(event('/things/x', { id: '../etc/passwd' }), context);
    expect(result.statusCode).toBe(400);
    expect(json(result).errors[0]).toMatchObject({ in: 'path', field: 'id', detail: 'Virheellinen tunniste' });
  });

  it('refuses a body that is not JSON, or not sent as JSON, without calling the use case', async () => {
    let called = false;
    const create = httpRoute(routes.create, () => {
      called = true;
      return {};
    });
    const malformed = await create(event('/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"level":' }), context);
    expect(json(malformed).errors).toEqual([{ in: 'body', field: '', pointer: '/', detail: 'Pyynnön JSON-sisältö on virheellinen' }]);
    const wrongType = await create(event('/things', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }), context);
    expect(json(wrongType).errors[0]).toMatchObject({ in: 'header', field: 'content-type' });
    const invalid = await create(
      event('/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"level":"grade-1","children":-1}' }),
      context,
    );
    expect(json(invalid).errors[0]).toMatchObject({ in: 'body', field: 'children' });
    expect(called).toBe(false);
  });

  it('answers with the route’s declared status', async () => {
    const create = httpRoute(routes.create, ({ body }) => body);
    const result = await create(
      event('/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"level":"grade-1","children":3}' }),
      context,
    );
    expect(result.statusCode).toBe(201);
  });

  it('turns domain errors into their problem with a localized title and detail', async () => {
    const get = httpRoute(routes.get, () => {
      throw new OfferingNotFoundError('x');
    });
    const result = await get(event('/things/01J0000000000000000000000A?lang=en', { id: '01J0000000000000000000000A' }), context);
    expect(result.statusCode).toBe(404);
    expect(json(result)).toEqual({
      type: '/api/v1/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'The offering was not found. It may have been unpublished.',
    });
  });

  it('turns anything unexpected into a 500 that reveals nothing', async () => {
    const get = httpRoute(routes.get, () => {
      throw new Error('ConditionalCheckFailed on table prod-secret at line 42');
    });
    const result = await get(event('/things/01J0000000000000000000000A', { id: '01J0000000000000000000000A' }), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/secret|line 42|Error/);
    expect(json(result)).toMatchObject({ status: 500, title: 'Palvelussa tapahtui virhe. Yritä hetken kuluttua uudelleen.' });
  });

  it('matches errors by class, so a subclass keeps its parent’s status', async () => {
    class GoneOfferingError extends NotFoundError {}
    const get = httpRoute(routes.get, () => {
      throw new GoneOfferingError('gone');
    });
    const result = await get(event('/things/01J0000000000000000000000A', { id: '01J0000000000000000000000A' }), context);
    expect(result.statusCode).toBe(404);
  });
});
