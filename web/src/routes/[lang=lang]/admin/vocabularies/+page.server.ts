import { redirect } from '@sveltejs/kit';
import { newTerm, vocabularyName } from '../../../../../../shared/schemas/vocabulary.ts';
import { messages } from '../../../../lib/i18n.ts';
import { isStale, parseForm, refuse, refuseActionFromApi, refuseFromApi } from '../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../lib/server/forms.ts';
import { organisationsApi } from '../../../../lib/server/organisations-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** The category and keyword vocabularies: every term with its labels, retired ones included. */
export const load = (async ({ parent, locals, url }) => {
  await parent();
  return { vocabularies: await organisationsApi.vocabularies(locals), done: url.searchParams.get('done') };
}) satisfies PageServerLoad;

const done = (locale: string, what: string) => redirect(303, `/${locale}/admin/vocabularies?done=${what}`);

export const actions = {
  add: async ({ request, locals }) => {
    const values = formToObject(await request.formData());
    const vocabulary = vocabularyName.safeParse(values.vocabulary).data;
    if (!vocabulary) return refuse('add', values, { _form: messages(locals.locale).validation.unknownVocabulary });
    // Both vocabularies have an add form on this page: their fields are told apart by the vocabulary.
    const fieldOf = (path: string) => (path === '_form' ? path : `${vocabulary}.${path}`);
    const parsed = parseForm(newTerm, { label: values.label ?? {} }, locals.locale, fieldOf);
    if (parsed.errors) return refuse('add', values, parsed.errors);
    try {
      await organisationsApi.createTerm(locals, vocabulary, parsed.data);
    } catch (error) {
      return refuseFromApi('add', error, values, fieldOf);
    }
    done(locals.locale, 'termAdded');
  },
  /** Retires or restores a term (`retired` true or false) from the version the list showed; its labels stay as saved. */
  retire: async ({ request, locals }) => {
    const form = await request.formData();
    const vocabulary = vocabularyName.safeParse(form.get('vocabulary')).data;
    const id = String(form.get('id') ?? '');
    const retired = form.get('retired') === 'true';
    const term = vocabulary ? (await organisationsApi.vocabularies(locals))[vocabulary].find((t) => t.id === id) : undefined;
    if (!vocabulary || !term) return refuse('terms', {}, { _form: messages(locals.locale).problems.termNotFound }, 404);
    try {
      await organisationsApi.updateTerm(locals, vocabulary, id, { label: term.label, retired, version: Number(form.get('version')) });
    } catch (error) {
      if (isStale(error)) return refuse('terms', {}, { _form: messages(locals.locale).admin.termChanged }, 409);
      return refuseActionFromApi('terms', error);
    }
    done(locals.locale, retired ? 'termRetired' : 'termRestored');
  },
} satisfies Actions;
