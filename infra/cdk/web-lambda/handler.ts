import type { Server } from '@sveltejs/kit';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
// Bundled by esbuild from the adapter-node output (bundle.ts can point it at another build).
// @ts-expect-error -- the SvelteKit build is generated and ships no type declarations
import { server as built } from '../../../web/build/server/server.js';
import { clientAddress, toRequest, toResult, type Result } from './events.ts';

/** The SvelteKit server as a Lambda behind an API Gateway HTTP API (payload v2). */

const server: Server = built;
// Once per execution environment, during Lambda's init phase rather than the first request.
await server.init({ env: process.env });

export async function handler(event: APIGatewayProxyEventV2): Promise<Result> {
  const response = await server.respond(toRequest(event), { getClientAddress: () => clientAddress(event) });
  return toResult(response);
}
