/**
 * `npm start`: the whole product on this machine, with demo data. Ctrl-C stops everything,
 * DynamoDB Local's Java process included.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobs } from '../../functions/jobs/schedule.ts';
import { LocalSetupError } from './errors.ts';
import { startLocalRuntime, type LocalRuntime } from './runtime.ts';
import { demoAccounts } from './seed/demo-accounts.ts';
import { localSettings } from './settings.ts';
import { buildWebIfStale } from './web-build.ts';

/** One secret per data folder, so sessions survive a restart; made on the first start. */
function localAppSecret(dataDir: string): string {
  const file = join(dataDir, 'app-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

let runtime: LocalRuntime | undefined;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await runtime?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  buildWebIfStale();
  console.log('Starting DynamoDB Local…');
  runtime = await startLocalRuntime({
    tableName: localSettings.TABLE_NAME,
    apiPort: localSettings.API_PORT,
    webPort: localSettings.WEB_PORT,
    dynamoDb: { port: localSettings.DYNAMODB_PORT, dataDir: join(localSettings.DATA_DIR, 'dynamodb') },
    demoData: {},
    jobs: true,
    mailbox: { dir: join(localSettings.DATA_DIR, 'mailbox'), port: localSettings.MAILBOX_PORT },
    uploadsDir: join(localSettings.DATA_DIR, 'uploads'),
    appSecret: localAppSecret(localSettings.DATA_DIR),
  });
  console.log(`
Tarjotin is running${runtime.seeded ? ' (demo data written on this first start)' : ''}:
  Web app        ${runtime.webUrl}/fi   (also /sv and /en)
  API            ${runtime.apiUrl}/api/v1/offerings
  API document   ${runtime.apiUrl}/api/v1/openapi.json
  Mailbox        ${runtime.mailboxUrl}   (every email sent locally lands here)
  DynamoDB Local ${runtime.dynamoDbEndpoint}  (data in ${localSettings.DATA_DIR})
  Demo accounts  sign in at ${runtime.webUrl}/fi/sign-in; the link arrives in the mailbox
${demoAccounts.map((a) => `                 ${a.email.padEnd(28)}${a.role}`).join('\n')}
  Jobs           ${Object.entries(jobs).map(([name, job]) => `${name} every ${job.everyMinutes} min`).join(', ')}

Press Ctrl-C to stop.`);
} catch (error) {
  if (error instanceof LocalSetupError) console.error(`\n${error.message}`);
  else {
    // Unexpected: still one sentence on the screen, with the details kept for whoever digs.
    const log = join(localSettings.DATA_DIR, 'start-error.log');
    mkdirSync(localSettings.DATA_DIR, { recursive: true });
    writeFileSync(log, error instanceof Error ? (error.stack ?? error.message) : String(error));
    console.error(`\nTarjotin could not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); details are in ${log}.`);
  }
  await shutdown(1);
}
