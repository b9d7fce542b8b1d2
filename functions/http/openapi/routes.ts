import { defineRoutes } from '../route.ts';

/** The API's own description. */
export const openApiRoutes = defineRoutes({
  openApi: {
    method: 'GET',
    path: '/api/v1/openapi.json',
    handler: 'functions/http/openapi/get.ts',
    summary: 'This document',
    tags: ['meta'],
    table: 'none',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
    cacheSeconds: 300,
  },
});
