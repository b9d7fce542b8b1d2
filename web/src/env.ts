import { defineEnvVars } from '@sveltejs/kit/env';
import * as z from 'zod';

export const variables = defineEnvVars({
  // Optional only because the build analyses the app without them; the API client refuses to run without API_URL.
  API_URL: { schema: z.url().optional(), description: 'Base URL of the Tarjotin HTTP API, without /api/v1' },
  APP_SECRET: {
    schema: z.string().min(32).optional(),
    description: "The app secret shared with the API, to vouch for visitors' addresses (per-visitor rate limits)",
  },
});
