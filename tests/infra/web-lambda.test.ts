import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWebServer } from '../../infra/cdk/bundle.ts';
import { clientAddress, toRequest, toResult, viewerAddressHeader } from '../../infra/cdk/web-lambda/events.ts';
import { createFakeWebBuild } from './fake-web-build.ts';

/** An HTTP API (payload v2) event as CloudFront passes it on, with the parts a test cares about overridden. */
function functionUrlEvent(overrides: Partial<APIGatewayProxyEventV2> & { method?: string } = {}): APIGatewayProxyEventV2 {
  const { method = 'GET', ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/fi/tarjonta',
    rawQueryString: 'luokka=3&sivu=2',
    headers: {
      host: 'abc123.lambda-url.eu-north-1.on.aws',
      'x-forwarded-host': 'tarjotin.example.fi',
      'accept-language': 'fi',
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.eu-north-1.on.aws',
      domainPrefix: 'abc123',
      http: { method, path: '/fi/tarjonta', protocol: 'HTTP/1.1', sourceIp: '130.176.1.1', userAgent: 'Amazon CloudFront' },
      requestId: 'request',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2025:10:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...rest,
  };
}

describe('HTTP API event to Request', () => {
  it('builds the public https URL from x-forwarded-host, path and query string', () => {
    const request = toRequest(functionUrlEvent());

    expect(request.url).toBe('https://tarjotin.example.fi/fi/tarjonta?luokka=3&sivu=2');
    expect(request.method).toBe('GET');
    expect(request.headers.get('accept-language')).toBe('fi');
  });

  it('falls back to API Gateway’s own domain without x-forwarded-host, and omits an empty query', () => {
    const event = functionUrlEvent({ rawQueryString: '', headers: { host: 'abc123.lambda-url.eu-north-1.on.aws' } });

    expect(toRequest(event).url).toBe('https://abc123.lambda-url.eu-north-1.on.aws/fi/tarjonta');
  });

  it('joins the event’s cookies into one cookie header', () => {
    const request = toRequest(functionUrlEvent({ cookies: ['session=abc', 'lang=sv'] }));

    expect(request.headers.get('cookie')).toBe('session=abc; lang=sv');
  });

  it('passes a text body through and decodes a base64 one', async () => {
    const form = 'name=Aino&seats=3';
    const text = toRequest(functionUrlEvent({ method: 'POST', body: form }));
    const encoded = toRequest(functionUrlEvent({ method: 'POST', body: Buffer.from(form).toString('base64'), isBase64Encoded: true }));

    expect(await text.text()).toBe(form);
    expect(await encoded.text()).toBe(form);
    expect(encoded.method).toBe('POST');
  });

  it('gives a GET request no body', () => {
    expect(toRequest(functionUrlEvent({ body: 'ignored' })).body).toBeNull();
  });

  it('takes the viewer’s address, IPv4 or IPv6, from the header the distribution sets, over the edge server’s', () => {
    const viaIpv4 = functionUrlEvent({ headers: { [viewerAddressHeader]: '192.0.2.7' } });
    const viaIpv6 = functionUrlEvent({ headers: { [viewerAddressHeader]: '2001:db8::7' } });
    const direct = functionUrlEvent({ headers: {} });

    expect(clientAddress(viaIpv4)).toBe('192.0.2.7');
    expect(clientAddress(viaIpv6)).toBe('2001:db8::7');
    expect(clientAddress(direct)).toBe('130.176.1.1');
  });
});

describe('Response to HTTP API result', () => {
  it('keeps the status and headers and moves each set-cookie into cookies', async () => {
    const headers = new Headers({ 'content-type': 'text/html; charset=utf-8', location: '/fi' });
    headers.append('set-cookie', 'session=abc; Path=/; HttpOnly');
    headers.append('set-cookie', 'lang=fi; Expires=Wed, 21 Oct 2037 07:28:00 GMT');

    const result = await toResult(new Response('<p>Hei</p>', { status: 303, headers }));

    expect(result.statusCode).toBe(303);
    expect(result.headers).toEqual({ 'content-type': 'text/html; charset=utf-8', location: '/fi' });
    expect(result.cookies).toEqual(['session=abc; Path=/; HttpOnly', 'lang=fi; Expires=Wed, 21 Oct 2037 07:28:00 GMT']);
    expect(result).toMatchObject({ body: '<p>Hei</p>', isBase64Encoded: false });
  });

  it.each(['application/json', 'application/problem+json', 'application/javascript', 'application/xml', 'image/svg+xml'])(
    'returns a %s body as text',
    async (type) => {
      const result = await toResult(new Response('{"ä":1}', { headers: { 'content-type': type } }));

      expect(result).toMatchObject({ body: '{"ä":1}', isBase64Encoded: false });
    },
  );

  it('returns binary and compressed bodies base64-encoded', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const image = await toResult(new Response(bytes, { headers: { 'content-type': 'image/png' } }));
    const gzipped = await toResult(new Response(bytes, { headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' } }));

    for (const result of [image, gzipped]) {
      expect(result.isBase64Encoded).toBe(true);
      expect(Buffer.from(result.body!, 'base64')).toEqual(Buffer.from(bytes));
    }
    expect(image.cookies).toBeUndefined();
  });
});

describe('bundled web server handler', () => {
  let scratch: string;
  let webBuild: string;
  let handler: (event: APIGatewayProxyEventV2) => Promise<Awaited<ReturnType<typeof toResult>>>;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'tarjotin-web-server-'));
    webBuild = createFakeWebBuild();
    process.env.TARJOTIN_WEB_BUILD = webBuild;
    const bundle = await bundleWebServer(scratch);
    ({ handler } = await import(pathToFileURL(join(bundle.dir, 'index.mjs')).href));
  });

  afterAll(() => {
    delete process.env.TARJOTIN_WEB_BUILD;
    rmSync(scratch, { recursive: true, force: true });
    rmSync(webBuild, { recursive: true, force: true });
  });

  it('bundles the build TARJOTIN_WEB_BUILD names and answers a form post through it', async () => {
    const event = functionUrlEvent({
      method: 'POST',
      body: Buffer.from('seats=3').toString('base64'),
      isBase64Encoded: true,
      cookies: ['session=abc'],
      headers: { 'x-forwarded-host': 'tarjotin.example.fi', [viewerAddressHeader]: '192.0.2.7' },
    });

    const result = await handler(event);

    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body!)).toEqual({
      initialised: true,
      method: 'POST',
      url: 'https://tarjotin.example.fi/fi/tarjonta?luokka=3&sivu=2',
      cookie: 'session=abc',
      body: 'seats=3',
      clientAddress: '192.0.2.7',
    });
    expect(result.cookies).toHaveLength(2);
  });

  it('refuses to bundle without a SvelteKit build, naming the command to run', async () => {
    process.env.TARJOTIN_WEB_BUILD = join(scratch, 'no-build-here');

    await expect(bundleWebServer(join(scratch, 'unused'))).rejects.toThrow(/npm run build/);
  });
});
