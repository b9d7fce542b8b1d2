import { messages } from '../../shared/i18n/api.ts';
import type { Locale } from '../../shared/locale.ts';
import type { Mail } from './send.ts';

/** What an email says; `render` lays it out as HTML and plain text in the recipient's language. */
export type MailContent = {
  subject: string;
  paragraphs: string[];
  /** One clear button (and the same link written out in the text part). */
  action?: { label: string; url: string };
  /** Small print after the action: why they got it, what to do if it was not them. */
  notes?: string[];
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderMail(to: string, locale: Locale, content: MailContent): Mail {
  const t = messages(locale);
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...(content.notes ?? []),
    `— ${t.meta.appName}`,
  ].join('\n\n');
  const paragraph = (p: string) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`;
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:4px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.subject)}</h1>
${content.paragraphs.map(paragraph).join('\n')}
${
  content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:12px 20px;background:#0000bf;color:#ffffff;text-decoration:none;font-weight:bold;border-radius:4px">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#555555;word-break:break-all">${escapeHtml(content.action.url)}</p>`
    : ''
}
${(content.notes ?? []).map((n) => `<p style="margin:0 0 12px;font-size:14px;color:#555555">${escapeHtml(n)}</p>`).join('\n')}
<p style="margin:24px 0 0;font-size:14px;color:#555555">${escapeHtml(t.meta.appName)}</p>
</div></body></html>`;
  return { to, locale, subject: content.subject, text, html };
}
