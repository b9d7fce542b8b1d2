import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { storedMail, type StoredMail } from '../../functions/mail/send.ts';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

async function readMailbox(dir: string): Promise<StoredMail[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(
    files.filter((f) => f.endsWith('.json')).map(async (f) => storedMail.safeParse(JSON.parse(await readFile(join(dir, f), 'utf8')))),
  );
  return mails.flatMap((m) => (m.success ? [m.data] : [])).sort((a, b) => b.id.localeCompare(a.id));
}

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – Tarjotin local mailbox</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1b1b;line-height:1.5}
a{color:#0b4f8a}:focus-visible{outline:3px solid #1b1b1b;box-shadow:0 0 0 6px #ffbf47}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #8a8f94;vertical-align:top}
iframe{width:100%;min-height:30rem;border:1px solid #8a8f94}pre{white-space:pre-wrap;background:#f4f6f8;padding:1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
</style></head><body><main>${body}</main></body></html>`;

function listPage(mails: StoredMail[]): string {
  const rows = mails
    .map(
      (m) =>
        `<tr><td>${escape(new Date(m.sentAt).toLocaleString('en-GB', { timeZone: 'Europe/Helsinki' }))}</td><td>${escape(m.to)}</td>` +
        `<td lang="${m.locale}"><a href="/${m.id}">${escape(m.subject)}</a></td></tr>`,
    )
    .join('');
  return page(
    'Mailbox',
    `<h1>Local mailbox</h1><p>Every email the product sends while running locally lands here instead of going out.</p>` +
      (mails.length === 0
        ? '<p>No mail yet.</p>'
        : `<table><caption class="visually-hidden">Sent mail, newest first</caption><thead><tr><th scope="col">Sent (Helsinki time)</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead><tbody>${rows}</tbody></table>`),
  );
}

/**
 * The HTML part in a frame of its own so its styles stay its own. The frame may run scripts only
 * so that axe can check the email's accessibility from the e2e tests; this is a local developer
 * page showing the product's own messages, and real mail clients run no scripts.
 */
function mailPage(m: StoredMail): string {
  return page(
    m.subject,
    `<p><a href="/">← All mail</a></p><h1 lang="${m.locale}">${escape(m.subject)}</h1>` +
      `<dl><dt>From</dt><dd>${escape(m.from)}</dd><dt>To</dt><dd>${escape(m.to)}</dd><dt>Sent</dt><dd>${escape(m.sentAt)}</dd><dt>Language</dt><dd>${m.locale}</dd></dl>` +
      `<h2>HTML</h2><iframe title="The message as HTML" sandbox="allow-same-origin allow-scripts allow-popups allow-popups-to-escape-sandbox" srcdoc="${escape(withLinksInNewTab(m.html))}"></iframe>` +
      `<h2>Plain text</h2><pre lang="${m.locale}">${escape(m.text)}</pre>` +
      (m.attachments?.length
        ? `<h2>Attachments</h2><ul>${m.attachments.map((a, i) => `<li><a href="/${m.id}/attachments/${i}" download="${escape(a.filename)}">${escape(a.filename)}</a> (${escape(a.contentType)})</li>`).join('')}</ul>`
        : ''),
  );
}

/** Links in a framed message open in a new tab, as they would from a mail client, not inside the frame. */
const withLinksInNewTab = (html: string) => html.replace(/<head>/i, '<head><base target="_blank">');

/** The local stand-in for an inbox: lists what `sendMail` kept in `dir` and shows each message. */
export async function startMailboxServer(dir: string, port: number): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const mails = await readMailbox(dir);
    const attachment = /^\/([\w-]+)\/attachments\/(\d+)$/.exec(path);
    if (attachment) {
      const file = mails.find((m) => m.id === attachment[1])?.attachments?.[Number(attachment[2])];
      response.writeHead(file ? 200 : 404, file ? { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"` } : { 'content-type': 'text/plain' });
      response.end(file ? file.content : 'No such attachment');
      return;
    }
    const found = path === '/' ? undefined : mails.find((m) => `/${m.id}` === path);
    const status = path === '/' || found ? 200 : 404;
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(path === '/' ? listPage(mails) : found ? mailPage(found) : page('Not found', '<h1>No such message</h1><p><a href="/">All mail</a></p>'));
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => done());
  });
  const address = server.address();
  return { url: `http://localhost:${typeof address === 'object' && address ? address.port : port}`, server };
}
