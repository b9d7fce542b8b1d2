import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { jobs } from '../../functions/jobs/schedule.ts';
import { type Bundle, bundleFunctions } from '../../infra/cdk/bundle.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

let scratch: string;
let bundles: Bundle[];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tarjotin-bundles-'));
  bundles = await bundleFunctions(scratch);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Loads a bundle the way Lambda does: a fresh ES module, not the sources vitest would transform. */
async function invoke(name: string, path: string): Promise<APIGatewayProxyStructuredResultV2> {
  const { handler } = (await import(pathToFileURL(join(scratch, name, 'index.mjs')).href)) as { handler: Handler };
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'accept-language': 'en' },
    requestContext: { http: { method: 'GET', path, sourceIp: '192.0.2.1' } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  return handler(event, { awsRequestId: 'test', functionName: name } as Context);
}

describe('function bundles', () => {
  it('bundles every route of the route table, every job and the not-found function, with a source map beside each', () => {
    expect(bundles.map((b) => b.name).sort()).toEqual([...Object.keys(routes), ...Object.keys(jobs), 'notFound'].sort());
    for (const { dir, bytes } of bundles) {
      expect(bytes).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    }
  });

  // 400 KB: zod (~105 KB) and the API's three message catalogues (~60 KB; the web pages' texts
  // stay out, shared/i18n/api.ts) are in every bundle; the enrolment functions carry the
  // calendar library and the culture-godchild ones the QR code and PNG libraries besides. The
  // largest is about 340 KB.
  it('takes the AWS SDK from the Lambda runtime and keeps every bundle under the 400 KB budget', () => {
    const listOfferings = readFileSync(join(scratch, 'listOfferings', 'index.mjs'), 'utf8');

    expect(listOfferings).toMatch(/from\s*["']@aws-sdk\/lib-dynamodb["']/);
    for (const { name, bytes } of bundles) expect(bytes, name).toBeLessThan(400 * 1024);
  });

  it('produces modules that load and answer on their own', async () => {
    const result = await invoke('openApi', '/api/v1/openapi.json');

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toMatchObject({ openapi: expect.stringMatching(/^3\.1/) });
  });

  it('answers an unknown route with a problem+json 404 from the not-found bundle', async () => {
    const result = await invoke('notFound', '/api/v1/nothing-here');

    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
  });
});
