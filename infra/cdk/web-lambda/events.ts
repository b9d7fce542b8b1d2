import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * API Gateway HTTP API (payload v2) events to WHATWG Requests and Responses back, kept apart from the
 * handler so they can be tested without a SvelteKit build.
 */

export type Result = APIGatewayProxyStructuredResultV2;

/**
 * The public URL rather than API Gateway's own: CloudFront passes the viewer's host as
 * x-forwarded-host (a viewer-request function sets it, so a viewer cannot), and SvelteKit needs
 * the public origin for redirects and for its same-origin check on form posts.
 */
export function toRequest(event: APIGatewayProxyEventV2): Request {
  const host = event.headers['x-forwarded-host'] ?? event.requestContext.domainName;
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const method = event.requestContext.http.method;

  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers)) if (value !== undefined) headers.set(name, value);
  // Payload v2 moves cookies out of the headers into an array of their own.
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));

  const hasBody = event.body !== undefined && method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8') : undefined;
  return new Request(`https://${host}${event.rawPath}${query}`, { method, headers, body });
}

/** Set by the distribution's viewer-request function to the viewer's IP, replacing any a viewer sent. */
export const viewerAddressHeader = 'x-tarjotin-viewer-address';

/**
 * The viewer's address. Through CloudFront the source IP is an edge server's, so prefer the
 * address the distribution's viewer-request function wrote (IPv4 or IPv6, no port).
 */
export function clientAddress(event: APIGatewayProxyEventV2): string {
  return event.headers[viewerAddressHeader] || event.requestContext.http.sourceIp;
}

const textual = /^(text\/|application\/([\w.-]+\+)?(json|xml|javascript)\b|image\/svg\+xml)/i;

export async function toResult(response: Response): Promise<Result> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  // Headers joins repeated values with commas, which would corrupt cookies with dates in them.
  const cookies = response.headers.getSetCookie();

  // A compressed body is bytes whatever its content type says.
  const isText = textual.test(headers['content-type'] ?? '') && !headers['content-encoding'];
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    body: bytes.toString(isText ? 'utf8' : 'base64'),
    isBase64Encoded: !isText,
  };
}
