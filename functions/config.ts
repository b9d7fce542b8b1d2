import * as z from 'zod';

/**
 * The back end's whole configuration, parsed once at start-up: a missing or malformed variable
 * stops the process with a message naming it, rather than failing deep inside a request.
 */
const schema = z.object({
  TABLE_NAME: z.string().min(3),
  /** Set locally to DynamoDB Local's URL; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('eu-north-1'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** `ses` in AWS; `mailbox` locally, where mail is kept for the local mailbox page. */
  MAIL_TRANSPORT: z.enum(['ses', 'mailbox']).default('ses'),
  MAIL_FROM: z.string().default('Tarjotin <noreply@tarjotin.example>'),
  MAILBOX_DIR: z.string().default('.data/mailbox'),
});
export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const names = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Missing or invalid environment variables: ${names}`);
  }
  cached = result.data;
  return cached;
}
