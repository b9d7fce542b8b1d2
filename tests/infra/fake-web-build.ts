import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A stand-in for the adapter-node output, so infra tests need no SvelteKit build. Its server
 * echoes what it received as JSON and sets two cookies, which is what the Lambda adapter's
 * round trip is checked against.
 */
export function createFakeWebBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tarjotin-web-build-'));
  const files: Record<string, string> = {
    'server/server.js': `
      let env;
      export const server = {
        async init(options) { env = options.env; },
        async respond(request, { getClientAddress }) {
          const echo = {
            initialised: env !== undefined,
            method: request.method,
            url: request.url,
            cookie: request.headers.get('cookie'),
            body: request.body ? await request.text() : null,
            clientAddress: getClientAddress(),
          };
          const headers = new Headers({ 'content-type': 'application/json' });
          headers.append('set-cookie', 'session=abc; Path=/; HttpOnly');
          headers.append('set-cookie', 'lang=fi; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT');
          return new Response(JSON.stringify(echo), { status: 201, headers });
        },
      };
    `,
    'client/_app/immutable/entry/start.js': 'export {};',
    'client/_app/version.json': '{"version":"1"}',
    'client/favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'client/robots.txt': 'User-agent: *\n',
    'client/robots.txt.gz': '',
    // Not images/: /images/* serves uploaded images.
    'client/icons/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
