import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../functions/http/route.ts';
import { routes as routeTable } from '../../functions/http/routes.ts';
import { startApiServer } from '../../infra/local/api-server.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();

const routes: Record<string, Route> = routeTable;
let api: { url: string; server: Server };
let someone: TestPerson;
beforeAll(async () => {
  api = await startApiServer(routes, 0);
  someone = await signInAs({ email: 'no.roles@school.test' });
});
afterAll(() => new Promise<void>((done) => api.server.close(() => done())));

/** Every path parameter filled with a well-formed id of nothing, so only access decides the answer. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '01JAAAAAAAAAAAAAAAAAAAAAAA');
const call = (method: string, path: string, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${concrete(path)}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: method === 'GET' ? undefined : '{}' });

const needSession = Object.entries(routes).filter(([, r]) => r.auth === 'signed-in' || r.auth === 'admin');
const adminOnly = Object.entries(routes).filter(([, r]) => r.auth === 'admin');

describe('access to every route that needs a session', () => {
  it.each(needSession)('%s refuses a signed-out client with 401 before looking at its input', async (_name, route) => {
    const response = await call(route.method, route.path);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it.each(needSession)('%s refuses a forged session token with 401', async (_name, route) => {
    const response = await call(route.method, route.path, { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged' });
    expect(response.status).toBe(401);
  });

  it.each(adminOnly)('%s refuses a signed-in person who is not a platform admin with 403', async (_name, route) => {
    const response = await call(route.method, route.path, someone.authorization);
    expect(response.status).toBe(403);
    expect((await response.json()).type).toBe('/api/v1/problems/forbidden');
  });

  it('covers routes of both kinds', () => {
    expect(needSession.length).toBeGreaterThan(adminOnly.length);
    expect(adminOnly.length).toBeGreaterThan(0);
  });
});
