/**
 * `npm run bench`: measures the public list endpoint on the local runtime (the real Lambda
 * handler behind the local API server, DynamoDB Local underneath) with the demo data and with
 * 5,000 generated offerings, and the minified size of every function bundle. Prints the figures
 * and writes them into docs/benchmarks.md. Then runs publishing.ts (creating, filling and
 * publishing an offering) and enrolment.ts (bursts of simultaneous enrolments), which write
 * their own sections.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { bundleFunctions } from '../../infra/cdk/bundle.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { demoCategories } from '../../infra/local/seed/demo-vocabularies.ts';

const root = resolve(import.meta.dirname, '../..');
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = 20;

type Server = { url: string; seedSeconds: number; rssMb: number; stop: () => void };

async function startServer(endpoint: string, offerings: number, occurrences: number): Promise<Server> {
  const child = spawn(
    process.execPath,
    [resolve(import.meta.dirname, 'api-server.ts'), '--endpoint', endpoint, '--offerings', String(offerings), '--occurrences', String(occurrences)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{')) continue;
    const ready = JSON.parse(line) as Omit<Server, 'stop'>;
    return { ...ready, stop: () => child.kill() };
  }
  throw new Error('The benchmark API server exited before it was ready');
}

type Result = { scenario: string; items: number; p50: number; p95: number; p99: number; rps: number; errors: number; non2xx: number };

async function measure(scenario: string, url: string): Promise<Result> {
  // Warm up: the first request loads the catalogue into memory, as a cold Lambda would (with
  // 5,000 entries that can outlast the local 10 s timeout, so ask until it answers). The answer
  // shows the scenario finds something: a query matching nothing would measure little.
  let first: { items?: unknown[] } = {};
  for (let attempt = 0; attempt < 10 && first.items === undefined; attempt++) first = (await (await fetch(url)).json()) as typeof first;
  await autocannon({ url, connections, duration: 3 });
  // Every response time, for exact percentiles (autocannon's summary has no p95).
  const latencies: number[] = [];
  const out = await new Promise<autocannon.Result>((done, fail) => {
    const run = autocannon({ url, connections, duration: seconds }, (error, result) => (error ? fail(error) : done(result)));
    run.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN) * 10) / 10;
  return {
    scenario,
    items: first.items?.length ?? 0,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    rps: Math.round(out.requests.average),
    errors: out.errors + out.timeouts,
    non2xx: out.non2xx,
  };
}

const datasets = [
  { name: 'demo data (60 offerings, 420 occurrences)', offerings: 60, occurrences: 420 },
  { name: '5,000 offerings, 50,000 occurrences', offerings: 5000, occurrences: 50_000 },
];
const today = new Date().toISOString().slice(0, 10);
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const literature = demoCategories.literature.id;
const scenarios = [
  { name: 'first page', query: '' },
  { name: 'level + area + dates', query: `?studyLevel=grade-3,grade-4&area=central,southern&from=${today}&to=${inAMonth}` },
  // A prefix that begins many words (museo, museon, museum, museet, ...) in every language.
  { name: 'free text', query: '?q=muse' },
  {
    name: 'many filters',
    query: `?q=kirja&age=8&language=fi&category=${literature}&free=true&accessibility=step-free-access&hasFreeSeats=true&from=${today}&to=${inAMonth}`,
  },
];

const dynamoDb = await startDynamoDbLocal({ port: 0 });
const rows: string[] = [];
try {
  for (const dataset of datasets) {
    const server = await startServer(dynamoDb.endpoint, dataset.offerings, dataset.occurrences);
    try {
      for (const scenario of scenarios) {
        const result = await measure(scenario.name, `${server.url}/api/v1/offerings${scenario.query}`);
        const row = `| ${dataset.name} | ${result.scenario} | ${result.items} | ${result.p50} | ${result.p95} | ${result.p99} | ${result.rps} | ${result.errors + result.non2xx} |`;
        console.log(row);
        rows.push(row);
      }
      console.log(`  (seeded in ${server.seedSeconds.toFixed(1)} s; API process RSS after seeding ${server.rssMb.toFixed(0)} MB)`);
    } finally {
      server.stop();
    }
  }
} finally {
  await dynamoDb.stop();
}

const bundles = await bundleFunctions();
const bundleRows = bundles.map((b) => `| ${b.name} | ${(b.bytes / 1024).toFixed(1)} |`);
console.log(bundleRows.join('\n'));

const section = `<!-- bench:list-endpoint:start -->
Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.versions.node},
${connections} concurrent connections for ${seconds} s per scenario after a 3 s warm-up (autocannon in its own
process; the API process is the local runtime calling the real Lambda handler; DynamoDB Local in memory).
Latencies in milliseconds, from every response of the measured run. Queries: ${scenarios.map((s) => `${s.name} \`${s.query || '(none)'}\``).join('; ')}.

| data | query | results on the page | p50 | p95 | p99 | requests/s | errors |
|---|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Minified function bundles (esbuild, ESM; the AWS SDK comes from the Lambda runtime):

| function | KB |
|---|---:|
${bundleRows.join('\n')}
<!-- bench:list-endpoint:end -->`;

const file = resolve(root, 'docs/benchmarks.md');
const current = readFileSync(file, 'utf8');
writeFileSync(file, current.replace(/<!-- bench:list-endpoint:start -->[\s\S]*<!-- bench:list-endpoint:end -->/, section));
console.log('Written to docs/benchmarks.md');

// Each in a process of its own, with its own DynamoDB Local and table.
for (const bench of ['publishing.ts', 'enrolment.ts', 'matcher.ts']) {
  await new Promise<void>((done, fail) =>
    spawn(process.execPath, [resolve(import.meta.dirname, bench)], { cwd: root, stdio: 'inherit' }).on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`tests/bench/${bench} exited with ${code}`)),
    ),
  );
}
