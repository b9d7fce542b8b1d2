import { defineEnvVars } from '@sveltejs/kit/env';
import * as z from 'zod';

export const variables = defineEnvVars({
    // Optional only because the build analyses the app without it; the API client refuses to run without it.
  API_URL: { schema: z.url().optional(), description: 'Base URL of the Tarjotin HTTP API, without /api/v1' },
});
