import { error, redirect } from '@sveltejs/kit';
import { termUpdate, vocabularyName, type TermView, type VocabularyName } from '../../../../../../../../shared/schemas/vocabulary.ts';
import { messages } from '../../../../../../lib/i18n.ts';
import type { Caller } from '../../../../../../lib/server/api.ts';
import { isStale, parseForm, refuse, refuseFromApi, refuseStale } from '../../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../../lib/server/forms.ts';
import { organisationsApi } from '../../../../../../lib/server/organisations-api.ts';
import type { Actions, PageServerLoad } from './$types';

const termValues = (term: TermView) => ({ label: term.label, retired: String(term.retired), version: String(term.version) });

/** The term named by the address (the API lists terms; it has no read of one). */
async function findTerm(caller: Caller, params: { vocabulary: string; termId: string }): Promise<{ vocabulary: VocabularyName; term: TermView }> {
  const vocabulary = vocabularyName.safeParse(params.vocabulary).data;
  const term = vocabulary ? (await organisationsApi.vocabularies(caller))[vocabulary].find((t) => t.id === params.termId) : undefined;
  if (!vocabulary || !term) error(404, messages(caller.locale).problems.termNotFound);
  return { vocabulary, term };
}

export const load = (async ({ parent, locals, params }) => {
  await parent();
  const { vocabulary, term } = await findTerm(locals, params);
  return { vocabulary, label: term.label, values: termValues(term) };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData());
    const { vocabulary } = await findTerm(locals, params);
    const body = { label: values.label ?? {}, retired: values.retired === 'true', version: Number(values.version) };
    const parsed = parseForm(termUpdate, body, locals.locale);
    if (parsed.errors) return refuse('term', values, parsed.errors);
    try {
      await organisationsApi.updateTerm(locals, vocabulary, params.termId, parsed.data);
    } catch (caught) {
      if (!isStale(caught)) return refuseFromApi('term', caught, values);
      const { term } = await findTerm(locals, params);
      return refuseStale('term', values, termValues(term), term.version);
    }
    redirect(303, `/${locals.locale}/admin/vocabularies?done=termSaved`);
  },
} satisfies Actions;
