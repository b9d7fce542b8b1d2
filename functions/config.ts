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
  /**
   * Signs sessions and the web app's forwarded client addresses. Only functions that sign in,
   * check sessions or send links get it; `appSecret()` refuses to run without it.
   */
  APP_SECRET: z.string().min(32).optional(),
  /** The site's public origin, for links in emails (never taken from a request, which could be forged). */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** Whoever signs in with this address becomes a platform admin: how the first admin is made. */
  FIRST_ADMIN_EMAIL: z.email().transform((value) => value.toLowerCase()).optional(),
  /** Where uploaded images go: `s3` in AWS (IMAGES_BUCKET), `folder` locally (UPLOADS_DIR). */
  IMAGE_STORE: z.enum(['s3', 'folder']).default('s3'),
  IMAGES_BUCKET: z.string().min(3).optional(),
  UPLOADS_DIR: z.string().default('.data/uploads'),
  /** How long a freed seat is held for the waiting group it is offered to. */
  OFFER_HOLD_HOURS: z.coerce.number().int().min(1).max(14 * 24).default(48),
  /** A session not used for this long ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
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

/** For tests and the local runtime, which set the environment after the first read. */
export function resetConfig(): void {
  cached = undefined;
}

export function appSecret(): string {
  const secret = config().APP_SECRET;
  if (!secret) throw new Error('APP_SECRET is not set: this function signs or checks sessions and needs it');
  return secret;
}
