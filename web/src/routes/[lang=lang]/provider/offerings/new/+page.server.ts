import { error } from '@sveltejs/kit';
import { messages } from '../../../../../../../shared/i18n/index.ts';
import { id } from '../../../../../../../shared/schemas/common.ts';
import { newOfferingValues } from '../../../../../lib/offering-form.ts';
import { cohortsApi } from '../../../../../lib/server/cohorts-api.ts';
import { offeringsApi } from '../../../../../lib/server/offerings-api.ts';
import { pageFromProblem, saveOfferingForm } from '../../../../../lib/server/offering-editor.ts';
import { requireMe } from '../../../../../lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

/** The organisation the new offering belongs to, from `?organisation=<id>` (kept in the form's action URL). */
function organisationOf(url: URL, locale: App.Locals['locale']): string {
  const parsed = id.safeParse(url.searchParams.get('organisation'));
  if (!parsed.success) error(404, messages(locale).problems.organisationNotFound);
  return parsed.data;
}

export const load = (async ({ parent, url, locals }) => {
  const { me } = await parent();
  const person = requireMe(me, url, locals.locale);
  const organisationId = organisationOf(url, locals.locale);
  try {
    const [organisation, vocabularies, cohorts] = await Promise.all([
      offeringsApi.getOrganisation(locals, organisationId),
      offeringsApi.vocabularies(locals),
      cohortsApi.listServed(locals),
    ]);
    return {
      organisation: { id: organisation.id, name: organisation.name, status: organisation.status },
      venues: organisation.venues,
      vocabularies,
      cohorts: cohorts.items,
      values: newOfferingValues({ name: person.name, email: person.email }),
    };
  } catch (problem) {
    pageFromProblem(problem, url, locals.locale, 'organisationNotFound');
  }
}) satisfies PageServerLoad;

export const actions = {
  save: async (event) => {
    const organisationId = organisationOf(event.url, event.locals.locale);
    return saveOfferingForm(event, { organisationId: async () => organisationId });
  },
} satisfies Actions;
