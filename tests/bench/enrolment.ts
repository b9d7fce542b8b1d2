/**
 * Benchmark: bursts of simultaneous enrolments on one occurrence through the real API (the
 * local API server calling the real Lambda handler, each request from a client address of its
 * own, DynamoDB Local in memory). For each scenario, over `--runs` runs: the wall time of the
 * burst, answers per second, response-time percentiles, and a check that the seat counter
 * equals the seats the stored enrolments hold and never exceeds capacity.
 *
 * `npm run bench` runs it after the publishing benchmark; `node tests/bench/enrolment.ts` runs
 * it alone. Prints the figures and writes them into docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { ensureTable } from '../../infra/local/table.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

const dynamoDb = await startDynamoDbLocal({ port: 0 });
process.env.TABLE_NAME = `bench-enrolment-${randomUUID()}`;
process.env.DYNAMODB_ENDPOINT = dynamoDb.endpoint;
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.APP_SECRET ??= randomUUID() + randomUUID();
process.env.MAIL_TRANSPORT = 'mailbox';
process.env.MAILBOX_DIR = join(tmpdir(), `tarjotin-bench-mail-${randomUUID()}`);

type Scenario = { name: string; waitlist: boolean; sizes: number[]; cancellations: number };
const scenarios: Scenario[] = [
  { name: '200 one-person groups, 30 seats, waitlist', waitlist: true, sizes: Array(200).fill(1), cancellations: 0 },
  { name: '200 one-person groups, 30 seats, no waitlist', waitlist: false, sizes: Array(200).fill(1), cancellations: 0 },
  { name: '120 groups of 1–8, 30 seats, no waitlist', waitlist: false, sizes: Array.from({ length: 120 }, (_, i) => 1 + ((i * 7) % 8)), cancellations: 0 },
  { name: '40 enrolments while 15 of 30 booked cancel', waitlist: false, sizes: Array(40).fill(1), cancellations: 15 },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const round = (x: number) => Math.round(x * 10) / 10;

try {
  await ensureTable(dynamoDb.endpoint, process.env.TABLE_NAME);
  // Imported once the environment names the table: the configuration is read on first use.
  const { routes } = await import('../../functions/http/routes.ts');
  const { startApiServer } = await import('../../infra/local/api-server.ts');
  const { asNewClient, enrolmentBody, putPublishedOffering, seatAccount } = await import('../setup/enrolments.ts');
  const api = await startApiServer(routes, 0);

  const post = async (path: string, body?: unknown) => {
    const client = await asNewClient();
    const started = performance.now();
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...client },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as { outcome?: string; reason?: string; manageToken?: string };
    return { status: response.status, json, ms: performance.now() - started };
  };

  const rows: string[] = [];
  for (const scenario of scenarios) {
    const walls: number[] = [];
    const perSecond: number[] = [];
    const latencies: number[] = [];
    let definite = true;
    let balanced = true;
    for (let run = 0; run < runs; run++) {
      const { offering, occurrences } = await putPublishedOffering({ waitlist: scenario.waitlist });
      const occurrenceId = occurrences[0]!.id;
      const enrolPath = `/api/v1/offerings/${offering.id}/enrolments`;
      const booked = await Promise.all(Array.from({ length: scenario.cancellations ? 30 : 0 }, () => post(enrolPath, enrolmentBody([occurrenceId], { children: 1, adults: 0 }))));

      const started = performance.now();
      const answers = await Promise.all([
        ...scenario.sizes.map((size) => post(enrolPath, enrolmentBody([occurrenceId], { children: size, adults: 0 }))),
        ...booked.slice(0, scenario.cancellations).map((b) => post(`/api/v1/enrolments/manage/${encodeURIComponent(b.json.manageToken!)}/cancel`)),
      ]);
      const wall = performance.now() - started;

      walls.push(wall);
      perSecond.push(answers.length / (wall / 1000));
      latencies.push(...answers.map((a) => a.ms));
      definite &&= answers.every((a) => a.status === 200 || a.status === 201 || (a.status === 409 && a.json.reason === 'full'));
      const account = await seatAccount(offering.id, occurrenceId);
      balanced &&= account.counter === account.held && account.counter <= 30;
    }
    latencies.sort((a, b) => a - b);
    const row = `| ${scenario.name} | ${scenario.sizes.length + scenario.cancellations} | ${round(median(walls) / 1000)} | ${Math.round(median(perSecond))} | ${Math.round(percentile(latencies, 0.5))} | ${Math.round(percentile(latencies, 0.95))} | ${Math.round(latencies.at(-1) ?? NaN)} | ${definite ? 'yes' : 'NO'} | ${balanced ? 'yes' : 'NO'} |`;
    console.log(row);
    rows.push(row);
    if (!definite || !balanced) process.exitCode = 1;
  }
  api.server.close();

  const section = `<!-- bench:enrolment:start -->
Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.versions.node};
each burst sent at once to the local API server (the real Lambda handler, each request from its own client address),
DynamoDB Local in memory, ${runs} runs per scenario (wall time and answers per second: the median run; latencies: every
answer of every run, in milliseconds). "Definite": every answer is booked, waitlisted, full or (for the cancellations)
cancelled. "Balanced": after the burst the seat counter equals the seats the stored enrolments hold, and is at most 30.

| burst | requests | wall s | answers/s | p50 | p95 | max | definite | balanced |
|---|---:|---:|---:|---:|---:|---:|---|---|
${rows.join('\n')}
<!-- bench:enrolment:end -->`;
  const file = resolve(import.meta.dirname, '../../docs/benchmarks.md');
  const current = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    current.includes('<!-- bench:enrolment:start -->')
      ? current.replace(/<!-- bench:enrolment:start -->[\s\S]*<!-- bench:enrolment:end -->/, section)
      : `${current.trimEnd()}\n\n## Enrolment bursts\n\nWhat the concurrency tests prove, with throughput: \`tests/bench/enrolment.ts\`.\n\n${section}\n`,
  );
  console.log('Written to docs/benchmarks.md');
} finally {
  await dynamoDb.stop();
}
