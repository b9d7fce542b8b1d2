/**
 * A child process of the benchmark: one table filled with generated offerings, and the local
 * API serving it. Prints one JSON line with its URL when ready, then serves until killed.
 * Runs apart from the load generator so that the two do not share an event loop.
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { routes } from '../../functions/http/routes.ts';
import { startApiServer } from '../../infra/local/api-server.ts';
import { generateDemoData } from '../../infra/local/seed/demo-data.ts';
import { ensureTable } from '../../infra/local/table.ts';

const { values } = parseArgs({
  options: { endpoint: { type: 'string' }, offerings: { type: 'string' }, occurrences: { type: 'string' } },
});
const tableName = `bench-${randomUUID()}`;
process.env.TABLE_NAME = tableName;
process.env.DYNAMODB_ENDPOINT = values.endpoint;
process.env.LOG_LEVEL = 'ERROR';

await ensureTable(values.endpoint as string, tableName);
const now = new Date();
const data = generateDemoData({ now, offerings: Number(values.offerings), occurrences: Number(values.occurrences) });
const { writeDemoData } = await import('../../infra/local/seed/seed.ts');
const { batchPut } = await import('../../functions/db/items.ts');
const { catalogueEntryToItem } = await import('../../functions/db/catalogue.ts');
const { demoCatalogueEntries } = await import('../../infra/local/seed/demo-data.ts');
const seedStart = performance.now();
await writeDemoData(data, now);
// The seed gives every entry one revision time. A live catalogue's entries were rebuilt one
// after another over time, so a catch-up re-reads the few of the last seconds; with one shared
// instant it would re-read all 5,000 (15 MB) every second, which measures the seed, not search.
const entries = demoCatalogueEntries(data, now);
await batchPut(
  entries.map((entry, i) => {
    const at = new Date(now.getTime() - (entries.length - i) * 700);
    return catalogueEntryToItem({ ...entry, revision: `${at.toISOString()}#${entry.revision.split('#')[1]}` });
  }),
);
const seedSeconds = (performance.now() - seedStart) / 1000;
const api = await startApiServer(routes, 0);
const memory = process.memoryUsage();
console.log(JSON.stringify({ url: api.url, tableName, seedSeconds, rssMb: memory.rss / 2 ** 20 }));
process.on('SIGTERM', () => process.exit(0));
