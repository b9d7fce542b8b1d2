import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Route } from '../../functions/http/route.ts';

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type CompiledRoute = { name: string; route: Route; pattern: RegExp; params: string[] };

const root = resolve(import.meta.dirname, '../..');
const notFoundHandler = 'functions/http/not-found.ts';

/** `/api/v1/offerings/{id}` → a regular expression with one group per path parameter. */
function compile(name: string, route: Route): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\+?\\?\}/g, (_match, param: string) => {
    params.push(param);
    return '([^/]+)';
  });
  return { name, route, pattern: new RegExp(`^${source}$`), params };
}

/**
 * The same request a Lambda receives from API Gateway HTTP API (payload format 2.0), built from
 * a Node request; repeated headers and query keys are joined with commas as API Gateway does.
 */
export function toApiGatewayEvent(
  request: { method: string; url: string; headers: IncomingMessage['headers']; remoteAddress?: string },
  body: Buffer,
  match?: { routeKey: string; pathParameters?: Record<string, string> },
): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined && key !== 'cookie') headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const now = new Date();
  const textual = body.length === 0 || /^(text\/|application\/(.+\+)?(json|x-www-form-urlencoded|xml))/i.test(headers['content-type'] ?? '');
  return {
    version: '2.0',
    routeKey: match?.routeKey ?? '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: request.headers.cookie?.split(/;\s*/).filter(Boolean),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters: match?.pathParameters,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: match?.routeKey ?? '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length > 0 ? body.toString(textual ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: body.length > 0 && !textual,
  };
}

/** As Lambda gives it: the time left until the function's limit (the route's, 10 s by default). */
function lambdaContext(functionName: string, timeoutSeconds = 10): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A malformed escape ("%", "%zz") is passed on as typed, for the route's schema to refuse. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Serves the route table over HTTP by calling each route's real Lambda handler with the event
 * API Gateway would send, so what runs locally is what runs in AWS.
 */
export async function startApiServer(routes: Record<string, Route>, port: number): Promise<{ url: string; server: Server }> {
  const compiled = Object.entries(routes).map(([name, route]) => compile(name, route));
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const load = (file: string) => {
    if (!handlers.has(file)) {
      handlers.set(file, import(pathToFileURL(resolve(root, file)).href).then((module) => module.handler as LambdaHandler));
    }
    return handlers.get(file) as Promise<LambdaHandler>;
  };
  // Load every handler now, so a broken one fails at start-up rather than on the first request.
  await Promise.all([...compiled.map((c) => load(c.route.handler)), load(notFoundHandler)]);

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      let target: { file: string; name: string; timeoutSeconds?: number; routeKey?: string; pathParameters?: Record<string, string> } = {
        file: notFoundHandler,
        name: 'notFound',
      };
      for (const c of compiled) {
        const found = c.route.method === request.method ? c.pattern.exec(path) : null;
        if (!found) continue;
        const pathParameters = Object.fromEntries(c.params.map((p, i) => [p, decodePathSegment(found[i + 1] ?? '')]));
        target = { file: c.route.handler, name: c.name, timeoutSeconds: c.route.timeoutSeconds, routeKey: `${c.route.method} ${c.route.path}`, pathParameters };
        break;
      }
      const event = toApiGatewayEvent(
        { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, remoteAddress: request.socket.remoteAddress },
        await readBody(request),
        target.routeKey ? { routeKey: target.routeKey, pathParameters: target.pathParameters } : undefined,
      );
      const result = await (await load(target.file))(event, lambdaContext(target.name, target.timeoutSeconds));
      const headers: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(result.headers ?? {})) headers[key] = String(value);
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      response.writeHead(result.statusCode ?? 200, headers);
      response.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
    } catch (error) {
      // Handlers turn their own errors into problems; reaching here is a fault of this server.
      console.error(error);
      response.writeHead(502, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502 }));
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { url: `http://127.0.0.1:${actualPort}`, server };
}
