/**
 * `npm start`: the whole product on this machine, with demo data. Ctrl-C stops everything,
 * DynamoDB Local's Java process included.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalSetupError } from './errors.ts';
import { startLocalRuntime, webBuild, type LocalRuntime } from './runtime.ts';
import { localSettings, repositoryRoot } from './settings.ts';

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Rebuilds the web app when its sources (or the shared code it uses) are newer than the build. */
function buildWebIfStale(): void {
  const builtAt = existsSync(join(webBuild, 'handler.js')) ? statSync(join(webBuild, 'handler.js')).mtimeMs : 0;
  const sources = ['web/src', 'web/vite.config.ts', 'shared'].map((p) => resolve(repositoryRoot, p)).filter(existsSync);
  if (builtAt > Math.max(...sources.map(newestChange))) return;
  console.log('Building the web app…');
  const result = spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new LocalSetupError('The web app did not build; the messages above say why.');
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
  });
  console.log(`
Tarjotin is running${runtime.seeded ? ' (demo data written on this first start)' : ''}:
  Web app        ${runtime.webUrl}/fi   (also /sv and /en)
  API            ${runtime.apiUrl}/api/v1/offerings
  API document   ${runtime.apiUrl}/api/v1/openapi.json
  DynamoDB Local ${runtime.dynamoDbEndpoint}  (data in ${localSettings.DATA_DIR})

Press Ctrl-C to stop.`);
} catch (error) {
  if (error instanceof LocalSetupError) {
    console.error(`\n${error.message}`);
    await shutdown(1);
  }
  throw error;
}
