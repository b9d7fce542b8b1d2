/**
 * Benchmark: a provider creates an offering, adds a weekly series of 30 occurrences and
 * publishes it, through the real API (the local API server calling the real Lambda handlers,
 * signed in with a real session, DynamoDB Local in memory underneath). Times each step and the
 * three together over `--runs` runs (after two warm-up runs), and counts the DynamoDB calls and
 * the capacity units DynamoDB Local reports for them, recorded by a middleware on the client.
 *
 * `npm run bench` runs it after the list-endpoint benchmark; `node tests/bench/publishing.ts`
 * runs it alone. Prints the figures and writes them into docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { ensureTable } from '../../infra/local/table.ts';

const { values } = parseArgs({ options: { endpoint: { type: 'string' }, runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const seriesLength = 30;
const warmUp = 2;

const own = values.endpoint ? undefined : await startDynamoDbLocal({ port: 0 });
const endpoint = values.endpoint ?? own!.endpoint;
const tableName = `bench-publishing-${randomUUID()}`;
process.env.TABLE_NAME = tableName;
process.env.DYNAMODB_ENDPOINT = endpoint;
process.env.LOG_LEVEL = 'ERROR';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.APP_SECRET ??= randomUUID() + randomUUID();

type Step = 'create' | 'series' | 'publish';
type Call = { command: string; capacity: number; estimate: number };
type Run = Record<Step, { ms: number; calls: Call[] }>;

try {
  await ensureTable(endpoint, tableName);
  // Imported once the environment names the table: the configuration is read on first use.
  const { db } = await import('../../functions/db/client.ts');
  const { routes } = await import('../../functions/http/routes.ts');
  const { startApiServer } = await import('../../infra/local/api-server.ts');
  const { signInAs } = await import('../setup/auth.ts');
  const { occurrenceBody, offeringBody, putOrganisation, putVenue } = await import('../setup/providers.ts');
  const { addLocalDays, localDateOf } = await import('../../shared/time.ts');

  const organisation = await putOrganisation('accepted');
  const venueId = await putVenue(organisation.id);
  const provider = await signInAs({ email: 'bench@museum.test', memberships: [{ organisationId: organisation.id }] });
  const api = await startApiServer(routes, 0);

  /**
   * DynamoDB Local under-reports transactions (2 units for a transaction of 30 puts), so their
   * cost is also worked out by AWS's rule: 2 write units per KB of each item in the transaction.
   * Puts are sized from their item's JSON; condition checks and updates (of an organisation, an
   * occurrence, an offering: each under 1 KB here) count as 1 KB.
   */
  const transactionUnits = (input: unknown) =>
    ((input as { TransactItems?: { Put?: { Item: unknown } }[] }).TransactItems ?? []).reduce(
      (sum, action) => sum + 2 * (action.Put ? Math.ceil(Buffer.byteLength(JSON.stringify(action.Put.Item)) / 1024) : 1),
      0,
    );

  // Every DynamoDB call the handlers make, asking DynamoDB to report what each consumed.
  let calls: Call[] = [];
  db().middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      calls.push({ command, capacity: units, estimate: command === 'TransactWriteItems' ? transactionUnits(args.input) : units });
      return out;
    },
    { step: 'initialize', name: 'benchRecorder' },
  );

  async function step(method: string, path: string, body: unknown, expected: number): Promise<{ ms: number; calls: Call[]; body: { id: string } }> {
    calls = [];
    const started = performance.now();
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...provider.authorization },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { id: string };
    const ms = performance.now() - started;
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return { ms, calls, body: answer };
  }

  const firstDay = 14;
  const until = addLocalDays(localDateOf(new Date()), firstDay + 7 * (seriesLength - 1));
  const results: Run[] = [];
  for (let i = 0; i < warmUp + runs; i++) {
    const create = await step('POST', `/api/v1/organisations/${organisation.id}/offerings`, offeringBody(venueId), 201);
    const id = create.body.id;
    const series = await step('POST', `/api/v1/manage/offerings/${id}/occurrences`, { ...occurrenceBody(firstDay), repeatWeeklyUntil: until }, 201);
    const publish = await step('POST', `/api/v1/manage/offerings/${id}/publish`, { version: 1 }, 200);
    if (i >= warmUp) results.push({ create, series, publish });
  }
  api.server.close();

  const percentile = (numbers: number[], q: number) => {
    const sorted = [...numbers].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  };
  const ms = (n: number) => n.toFixed(1);
  const describeCalls = (list: Call[]) => {
    const counts = new Map<string, number>();
    for (const c of list) counts.set(c.command, (counts.get(c.command) ?? 0) + 1);
    return [...counts].map(([command, n]) => `${n} ${command}`).join(', ');
  };
  const capacityOf = (list: Call[]) => list.reduce((sum, c) => sum + c.capacity, 0);
  const estimateOf = (list: Call[]) => list.reduce((sum, c) => sum + c.estimate, 0);
  // Calls are the same in every run; capacity can differ by a unit where item sizes round differently.
  const last = results.at(-1)!;
  const steps: [string, (run: Run) => { ms: number; calls: Call[] }][] = [
    ['create the offering', (r) => r.create],
    [`add ${seriesLength} weekly occurrences`, (r) => r.series],
    ['publish', (r) => r.publish],
    ['all three', (r) => ({ ms: r.create.ms + r.series.ms + r.publish.ms, calls: [...r.create.calls, ...r.series.calls, ...r.publish.calls] })],
  ];
  const rows = steps.map(([name, pick]) => {
    const times = results.map((r) => pick(r).ms);
    const counts = new Set(results.map((r) => pick(r).calls.length));
    const calls = pick(last).calls;
    return `| ${name} | ${ms(percentile(times, 0.5))} | ${ms(percentile(times, 0.95))} | ${calls.length}${counts.size > 1 ? ` (${[...counts].join('–')})` : ''} | ${describeCalls(calls)} | ${capacityOf(calls)} | ${estimateOf(calls)} |`;
  });
  console.log(rows.join('\n'));

  const section = `<!-- bench:publishing:start -->
Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.versions.node};
${runs} runs after ${warmUp} warm-up runs, one request at a time, each step timed from the request to the parsed answer.
The API is the local runtime calling the real Lambda handlers with a real session; DynamoDB Local in memory.
Calls and capacity units (read and write together) are those of one run: as DynamoDB Local
reports them with \`ReturnConsumedCapacity\`, and with its transactions recomputed by AWS's rule
(2 units per KB of each item), which Local under-reports.

| step | median ms | p95 ms | DynamoDB calls | of which | capacity units (Local) | capacity units (transactions by AWS's rule) |
|---|---:|---:|---:|---|---:|---:|
${rows.join('\n')}
<!-- bench:publishing:end -->`;
  const file = resolve(import.meta.dirname, '../../docs/benchmarks.md');
  const current = readFileSync(file, 'utf8');
  writeFileSync(file, current.replace(/<!-- bench:publishing:start -->[\s\S]*<!-- bench:publishing:end -->/, section));
  console.log('Written to docs/benchmarks.md');
} finally {
  await own?.stop();
}
process.exit(0);
