import { error, fail, redirect } from '@sveltejs/kit';
import { messages, type Messages } from '../../../../shared/i18n/index.ts';
import type { Locale } from '../../../../shared/locale.ts';
import type { Offering } from '../../../../shared/schemas/offering.ts';
import { valueAt, type FieldErrors, type FormValues } from '../form-values.ts';
import { formMessage } from '../forms.ts';
import { imageFileProblem, offeringArrayFields, offeringFormErrors, validateOffering } from '../offering-form.ts';
import { ApiProblem, type Caller } from './api.ts';
import { failFromApi, formToObject } from './forms.ts';
import { offeringsApi } from './offerings-api.ts';

/**
 * What the provider's offering pages share on the server: turning the API's refusals into
 * pages and form messages, and saving the offering form (image upload included).
 */

/** What a refused form action gives its page: what was typed, a message per form field, and whether it was a stale version. */
export type RefusedForm = {
  values: FormValues;
  errors: FieldErrors;
  conflict?: boolean;
  notice?: string;
  /** Which of a page's forms it was, where a page has more than one. */
  form?: string;
};

/** Re-shows a form: every refusal of these pages has the same shape, so a page reads any of them alike. */
export const failForm = (status: number, data: RefusedForm) => fail(status, data);

/** The page asked for again after signing in; the action's own `?/name` left out. */
function signInAgain(url: URL, locale: Locale): never {
  const query = new URLSearchParams([...url.searchParams].filter(([key]) => !key.startsWith('/')));
  const back = `${url.pathname}${query.size > 0 ? `?${query}` : ''}`;
  redirect(303, `/${locale}/sign-in?ended&returnTo=${encodeURIComponent(back)}`);
}

/** A load's API refusal as the page a person understands: sign in again, not found, or not yours. */
export function pageFromProblem(problem: unknown, url: URL, locale: Locale, notFound: keyof Messages['problems']): never {
  if (problem instanceof ApiProblem) {
    const { status } = problem.problem;
    if (status === 401) signInAgain(url, locale);
    // A malformed id is, to a person, just a page that does not exist.
    if (status === 404 || status === 400) error(404, messages(locale).problems[notFound]);
    if (status === 403) error(403, messages(locale).problems.notYourOrganisation);
  }
  throw problem;
}

/**
 * A refused write re-shows its form (`failFromApi`) with the API's messages moved onto the
 * form's fields by `toFields`. A stale version (409 naming `version`) is flagged as a conflict
 * for the page to explain; an ended session goes to sign-in.
 */
export function refusedForm(problem: unknown, values: FormValues, url: URL, locale: Locale, toFields: (errors: FieldErrors, locale: Locale) => FieldErrors) {
  if (problem instanceof ApiProblem && problem.problem.status === 401) signInAgain(url, locale);
  const failure = failFromApi(problem, values);
  const errors = { ...failure.data.errors };
  const conflict = failure.status === 409 && 'version' in errors;
  if (conflict) {
    delete errors.version;
    delete errors[formMessage];
  }
  return failForm(failure.status, { values, errors: toFields(errors, locale), conflict });
}

/** A refusal of a button press (publish, copy, cancel) as one message for the page. */
export function refusalMessage(problem: unknown, url: URL, locale: Locale, action: string) {
  if (problem instanceof ApiProblem && problem.problem.status === 401) signInAgain(url, locale);
  if (problem instanceof ApiProblem && problem.problem.status >= 400 && problem.problem.status < 500) {
    return fail(problem.problem.status, { refusal: { action, message: problem.problem.detail ?? problem.problem.title } });
  }
  throw problem;
}

/**
 * The offering form's action, for a new offering (`offeringId` absent) or an edit: a chosen
 * image file is uploaded first (so the form keeps its URL even when something else must be
 * fixed), then the form is checked with the shared schema and saved. Success goes to the
 * offering's editor with a status message.
 */
export async function saveOfferingForm(
  { request, locals, url }: { request: Request; locals: Caller & { locale: Locale }; url: URL },
  target: { organisationId: () => Promise<string>; offeringId?: string },
) {
  const { locale } = locals;
  const data = await request.formData();
  const values = formToObject(data, offeringArrayFields);
  const file = data.get('imageFile');
  let notice: string | undefined;

  if (file instanceof File && file.size > 0) {
    const problem = imageFileProblem(file, locale);
    if (problem) {
      const rest = validateOffering(values, locale, true);
      return failForm(400, { values, errors: offeringFormErrors({ ...(rest.ok ? {} : rest.errors), imageFile: problem }, locale) });
    }
    try {
      const uploaded = await offeringsApi.uploadImage(locals, await target.organisationId(), file);
      values.image = { ...((values.image as FormValues | undefined) ?? {}), url: uploaded.url };
      delete values.imageRemove;
      notice = messages(locale).editor.imageUploaded;
    } catch (problem) {
      const refused = refusedForm(problem, values, url, locale, offeringFormErrors);
      const errors = refused.data.errors;
      // The upload's own problems name its body; here that is the file field.
      const message = errors.imageFile ?? errors[formMessage] ?? Object.values(errors)[0] ?? '';
      return failForm(refused.status, { values, errors: { imageFile: message } });
    }
  }

  const checked = validateOffering(values, locale);
  if (!checked.ok) return failForm(400, { values, errors: checked.errors, notice });

  let saved: Offering;
  try {
    saved = target.offeringId
      ? await offeringsApi.update(locals, target.offeringId, { ...checked.body, version: Number(valueAt(values, 'version')) })
      : await offeringsApi.create(locals, await target.organisationId(), checked.body);
  } catch (problem) {
    const refused = refusedForm(problem, values, url, locale, offeringFormErrors);
    return failForm(refused.status, { ...refused.data, notice });
  }
  redirect(303, `/${locale}/provider/offerings/${saved.id}?done=${target.offeringId ? 'saved' : 'created'}`);
}

/** The status message a page was sent to after a POST (`?done=saved`), if it is one we know. */
export function doneMessage(url: URL, locale: Locale): string | undefined {
  const done = messages(locale).editor.done;
  const key = url.searchParams.get('done');
  if (key === 'occurrencesAdded') return done.occurrencesAdded(Math.max(1, Number(url.searchParams.get('count')) || 1));
  if (key && key !== 'occurrencesAdded' && Object.hasOwn(done, key)) return done[key as Exclude<keyof typeof done, 'occurrencesAdded'>];
  return undefined;
}
