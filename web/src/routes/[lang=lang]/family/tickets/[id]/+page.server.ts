import { error, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../../shared/i18n/index.ts';
import { id } from '../../../../../../../shared/schemas/common.ts';
import { ApiProblem } from '../../../../../lib/server/api.ts';
import { failFromApi } from '../../../../../lib/server/forms.ts';
import { ticketsApi } from '../../../../../lib/server/tickets-api.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ parent, params, locals, url }) => {
  await parent();
  if (!id.safeParse(params.id).success) error(404, messages(locals.locale).problems.ticketNotFound);
  try {
    return { ticket: await ticketsApi.getTicket(locals, params.id), done: url.searchParams.get('done') };
  } catch (caught) {
    if (caught instanceof ApiProblem && caught.problem.status === 404) error(404, messages(locals.locale).problems.ticketNotFound);
    throw caught;
  }
}) satisfies PageServerLoad;

export const actions = {
  cancel: async ({ params, locals }) => {
    try {
      await ticketsApi.cancelTicket(locals, params.id);
    } catch (caught) {
      return failFromApi(caught, {});
    }
    redirect(303, `/${locals.locale}/family/tickets/${params.id}?done=cancelled`);
  },
} satisfies Actions;
