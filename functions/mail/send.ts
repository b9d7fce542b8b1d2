import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ulid } from 'ulid';
import * as z from 'zod';
import { locale } from '../../shared/locale.ts';
import { email } from '../../shared/schemas/common.ts';
import { config } from '../config.ts';

/** One email, always with a plain-text part beside the HTML one. */
export const mail = z.object({
  to: email,
  subject: z.string().min(1).max(200),
  text: z.string().min(1),
  html: z.string().min(1),
  /** The recipient's language, which the message is written in. */
  locale,
  /** Files sent along: text (an .ics calendar entry) as UTF-8, or bytes (a ticket's QR code PNG) as base64. */
  attachments: z
    .array(z.object({ filename: z.string().min(1), contentType: z.string().min(1), content: z.string(), encoding: z.enum(['utf8', 'base64']).optional() }))
    .max(5)
    .optional(),
});
export type Mail = z.infer<typeof mail>;

export const storedMail = mail.extend({ id: z.string(), from: z.string(), sentAt: z.iso.datetime() });
export type StoredMail = z.infer<typeof storedMail>;

let ses: SESv2Client | undefined;

/**
 * Sends through SES in AWS; locally (MAIL_TRANSPORT=mailbox) each message is kept as a file in
 * MAILBOX_DIR, which the local mailbox page shows. Callers cannot tell the difference.
 */
export async function sendMail(message: Mail): Promise<void> {
  const { MAIL_TRANSPORT, MAIL_FROM, MAILBOX_DIR, AWS_REGION } = config();
  const parsed = mail.parse(message);
  if (MAIL_TRANSPORT === 'mailbox') {
    const stored: StoredMail = { ...parsed, id: ulid(), from: MAIL_FROM, sentAt: new Date().toISOString() };
    await mkdir(MAILBOX_DIR, { recursive: true });
    await writeFile(join(MAILBOX_DIR, `${stored.id}.json`), JSON.stringify(stored, null, 2));
    return;
  }
  ses ??= new SESv2Client({ region: AWS_REGION });
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: MAIL_FROM,
      Destination: { ToAddresses: [parsed.to] },
      Content: {
        Simple: {
          Subject: { Data: parsed.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: parsed.text, Charset: 'UTF-8' }, Html: { Data: parsed.html, Charset: 'UTF-8' } },
          Attachments: parsed.attachments?.map((file) => ({
            FileName: file.filename,
            ContentType: file.contentType,
            ContentDisposition: 'ATTACHMENT',
            RawContent: file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : new TextEncoder().encode(file.content),
          })),
        },
      },
    }),
  );
}
