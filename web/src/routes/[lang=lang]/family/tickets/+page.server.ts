import { ticketsApi } from '../../../../lib/server/tickets-api.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ parent, locals }) => {
  await parent();
  return { tickets: (await ticketsApi.listTickets(locals)).items };
}) satisfies PageServerLoad;
