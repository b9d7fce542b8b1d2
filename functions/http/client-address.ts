import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { clientAddressHeaders, verifyClientAddress } from '../../shared/client-address.ts';
import { config } from '../config.ts';

/**
 * The address of whoever is really asking: the visitor's, when the web server vouches for it
 * with a valid signature; otherwise the connection's own.
 */
export async function clientAddressOf(event: APIGatewayProxyEventV2): Promise<string> {
  const forwarded = event.headers?.[clientAddressHeaders.address];
  const signature = event.headers?.[clientAddressHeaders.signature];
  const secret = config().APP_SECRET;
  if (forwarded && signature && secret && (await verifyClientAddress(forwarded, signature, secret))) return forwarded;
  return event.requestContext.http.sourceIp;
}
