import { resolve } from 'node:path';
import * as z from 'zod';

export const repositoryRoot = resolve(import.meta.dirname, '../..');

/** The local runtime's knobs, all optional; ports can be moved when something else holds them. */
export const localSettings = z
  .object({
    WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    API_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    MAILBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    DYNAMODB_PORT: z.coerce.number().int().min(0).max(65535).default(8042),
    DATA_DIR: z.string().default(resolve(repositoryRoot, '.data')),
    TABLE_NAME: z.string().default('tarjotin'),
  })
  .parse(process.env);
