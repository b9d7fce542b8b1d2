/**
 * `npm run seed` writes the demo data into the local table (once; it is idempotent).
 * `npm run seed -- --reset` drops the table and starts over. Uses the DynamoDB Local of a
 * running `npm start` when there is one, otherwise starts its own on the same data folder.
 */
import { parseArgs } from 'node:util';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../dynamodb.ts';
import { LocalSetupError } from '../errors.ts';
import { localSettings } from '../settings.ts';
import { dropTable, ensureTable, localClient } from '../table.ts';
import { join } from 'node:path';

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } } });

async function answers(endpoint: string): Promise<boolean> {
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

try {
  const running = `http://127.0.0.1:${localSettings.DYNAMODB_PORT}`;
  const own = (await answers(running))
    ? undefined
    : await startDynamoDbLocal({ port: localSettings.DYNAMODB_PORT, dataDir: join(localSettings.DATA_DIR, 'dynamodb') });
  const endpoint = own?.endpoint ?? running;
  process.env.TABLE_NAME = localSettings.TABLE_NAME;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  try {
    if (values.reset) await dropTable(endpoint, localSettings.TABLE_NAME);
    await ensureTable(endpoint, localSettings.TABLE_NAME);
    const { seedDemoData } = await import('./seed.ts');
    const data = await seedDemoData();
    console.log(
      data
        ? `Demo data written: ${data.organisations.length} organisations, ${data.venues.length} venues, ${data.offerings.length} offerings, ${data.occurrences.length} occurrences.`
        : 'The demo data is already there; `npm run seed -- --reset` starts over.',
    );
    if (values.reset && !own) console.log('A running `npm start` picks up the new data within five minutes, or at once when restarted.');
  } finally {
    await own?.stop();
  }
} catch (error) {
  if (!(error instanceof LocalSetupError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
