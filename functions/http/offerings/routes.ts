import { listOfferingsQuery, offeringDetail, offeringPage, offeringPath } from '../../../shared/schemas/api.ts';
import { defineRoutes } from '../route.ts';

/** Public reads of published offerings. */
export const offeringRoutes = defineRoutes({
  listOfferings: {
    method: 'GET',
    path: '/api/v1/offerings',
    handler: 'functions/http/offerings/list.ts',
    summary: 'Search published offerings, sorted by their next occurrence',
    tags: ['offerings'],
    table: 'read',
    query: listOfferingsQuery,
    responses: { 200: { description: 'One page of offerings', schema: offeringPage } },
    cacheSeconds: 10,
  },
  getOffering: {
    method: 'GET',
    path: '/api/v1/offerings/{id}',
    handler: 'functions/http/offerings/get.ts',
    summary: 'A published offering with its upcoming occurrences and their free seats',
    tags: ['offerings'],
    table: 'read',
    params: offeringPath,
    responses: { 200: { description: 'The offering', schema: offeringDetail } },
    cacheSeconds: 10,
  },
});
