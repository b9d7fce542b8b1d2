import type { Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { resetConfig } from '../../functions/config.ts';
import { routes } from '../../functions/http/routes.ts';
import { storedMail, type StoredMail } from '../../functions/mail/send.ts';
import { startApiServer } from '../../infra/local/api-server.ts';

/** `body` is the parsed JSON (when the answer is JSON); `bytes` what was sent, as it was. */
export type Answer = { status: number; headers: Headers; body: any; bytes: Uint8Array };
export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

/**
 * The local API server over the test file's table, with mail kept in a fresh mailbox folder.
 * Call at the top level of a test file, after `useIsolatedTable()`.
 */
export function useApi(publicUrl = 'https://tarjotin.test'): { call: Call; mailsTo: (address: string) => StoredMail[]; allMail: () => StoredMail[] } {
  const mailbox = mkdtempSync(join(tmpdir(), 'tarjotin-mail-'));
  process.env.MAIL_TRANSPORT = 'mailbox';
  process.env.MAILBOX_DIR = mailbox;
  process.env.PUBLIC_URL = publicUrl;
  resetConfig();

  let api: { url: string; server: Server } | undefined;
  beforeAll(async () => {
    api = await startApiServer(routes, 0);
  });
  afterAll(() => new Promise<void>((done) => (api ? api.server.close(() => done()) : done())));

  const call: Call = async (method, path, body, headers = {}) => {
    if (!api) throw new Error('The API server has not started');
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const json = /json/.test(response.headers.get('content-type') ?? '');
    const text = new TextDecoder().decode(bytes);
    return { status: response.status, headers: response.headers, body: json && text ? JSON.parse(text) : undefined, bytes };
  };
  const allMail = () =>
    readdirSync(mailbox)
      .sort()
      .map((file) => storedMail.parse(JSON.parse(readFileSync(join(mailbox, file), 'utf8'))));
  return { call, allMail, mailsTo: (address) => allMail().filter((m) => m.to === address.toLowerCase()) };
}
