import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resetConfig } from '../../functions/config.ts';
import { uploadsDir } from '../../functions/storage/images.ts';
import { routes } from '../../functions/http/routes.ts';
import { jobs } from '../../functions/jobs/schedule.ts';
import { startApiServer } from './api-server.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb.ts';
import { LocalSetupError } from './errors.ts';
import { claimablePort } from './ports.ts';
import { startJobTimers } from './jobs.ts';
import { startMailboxServer } from './mailbox-server.ts';
import { serveUploadedImages } from './uploads.ts';
import { ensureTable } from './table.ts';
import { webBuild } from './web-build.ts';

export type LocalRuntime = {
  apiUrl: string;
  webUrl?: string;
  mailboxUrl?: string;
  dynamoDbEndpoint: string;
  seeded: boolean;
  stop: () => Promise<void>;
};

const close = (server: Server) => new Promise<void>((done) => server.close(() => done()));

/**
 * The whole product on one machine: DynamoDB Local (or one already running), the table from
 * the CDK definition, demo data on first start, the API, the web app, the job timers and the
 * local mailbox page.
 */
export async function startLocalRuntime(options: {
  tableName: string;
  apiPort: number;
  webPort?: number;
  dynamoDb: { endpoint: string } | { port: number; dataDir?: string };
  demoData?: { offerings?: number; occurrences?: number; now?: Date };
  /** Run the scheduled jobs on timers (npm start does; tests call jobs themselves). */
  jobs?: boolean;
  /** Signs sessions; random unless given. */
  appSecret?: string;
  /** Keep sent mail in this folder and show it on a mailbox page at this port. */
  mailbox?: { dir: string; port: number };
  /** Keep uploaded images here (UPLOADS_DIR, else .data/uploads); the web server serves them at /images/. */
  uploadsDir?: string;
}): Promise<LocalRuntime> {
  const started: DynamoDbLocal | undefined = 'endpoint' in options.dynamoDb ? undefined : await startDynamoDbLocal(options.dynamoDb);
  const endpoint = started?.endpoint ?? (options.dynamoDb as { endpoint: string }).endpoint;
  const servers: Server[] = [];
  let stopJobs = () => {};
  const stop = async () => {
    stopJobs();
    await Promise.all(servers.map(close));
    await started?.stop();
  };
  try {
    // The functions read their configuration from the environment, exactly as in Lambda.
    process.env.TABLE_NAME = options.tableName;
    process.env.DYNAMODB_ENDPOINT = endpoint;
    process.env.LOG_LEVEL ??= 'WARN';
    // npm start keeps one secret in .data so sessions survive restarts; tests get a fresh one.
    process.env.APP_SECRET = options.appSecret ?? process.env.APP_SECRET ?? randomBytes(32).toString('base64url');
    // No S3 here: uploads go to a folder.
    process.env.IMAGE_STORE = 'folder';
    if (options.uploadsDir) process.env.UPLOADS_DIR = options.uploadsDir;
    if (options.mailbox) {
      process.env.MAIL_TRANSPORT = 'mailbox';
      process.env.MAILBOX_DIR = options.mailbox.dir;
    }
    resetConfig();
    await ensureTable(endpoint, options.tableName);
    let seeded = false;
    if (options.demoData) {
      const { seedDemoData } = await import('./seed/seed.ts');
      seeded = (await seedDemoData(options.demoData)) !== undefined;
    }

    const api = await startApiServer(routes, await claimablePort(options.apiPort, 'the API', 'API_PORT'));
    servers.push(api.server);

    if (options.jobs) stopJobs = await startJobTimers(jobs);
    let mailboxUrl: string | undefined;
    if (options.mailbox) {
      const mailbox = await startMailboxServer(options.mailbox.dir, await claimablePort(options.mailbox.port, 'the mailbox page', 'MAILBOX_PORT'));
      servers.push(mailbox.server);
      mailboxUrl = mailbox.url;
    }

    let webUrl: string | undefined;
    if (options.webPort !== undefined) {
      const web = await startWebServer(options.webPort, api.url);
      servers.push(web.server);
      webUrl = web.url;
      // Links in emails point at the web app, whose port is known only now.
      process.env.PUBLIC_URL = web.url;
      resetConfig();
    }
    return { apiUrl: api.url, webUrl, mailboxUrl, dynamoDbEndpoint: endpoint, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

type NodeHandler = (req: unknown, res: unknown, next: () => void) => void;

/** Serves the SvelteKit production build (adapter-node) in this process. */
async function startWebServer(port: number, apiUrl: string): Promise<{ url: string; server: Server }> {
  const handlerFile = resolve(webBuild, 'handler.js');
  if (!existsSync(handlerFile)) throw new LocalSetupError('The web app is not built: run `npm run build` and start again.');
  process.env.API_URL = apiUrl;
  // adapter-node assumes https unless told; the same-origin check on form posts needs the truth.
  process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
  // Room for a 2 MB image sent through a form, as multipart.
  process.env.BODY_SIZE_LIMIT ??= '4M';
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };
  const actualPort = await claimablePort(port, 'the web app', 'WEB_PORT');
  const api = new URL(apiUrl);
  const images = serveUploadedImages(uploadsDir());
  const server = createServer((req, res) => {
    // As CloudFront does in AWS: /images/* from the uploads (the images bucket there).
    if (images(req, res)) return;
    // As CloudFront does in AWS: /api/* goes to the API, everything else to SvelteKit.
    if (req.url?.startsWith('/api/')) {
      const upstream = request(
        { hostname: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
      return;
    }
    req.headers['x-forwarded-proto'] = 'http';
    handler(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    });
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(actualPort, '127.0.0.1', () => done());
  });
  const address = server.address();
  return { url: `http://localhost:${typeof address === 'object' && address ? address.port : actualPort}`, server };
}
