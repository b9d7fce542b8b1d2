import { fail } from '@sveltejs/kit';
import { messages } from '../../../../../../../../shared/i18n/index.ts';
import type { Locale } from '../../../../../../../../shared/locale.ts';
import type { OfferingEnrolments } from '../../../../../../../../shared/schemas/enrolment.ts';
import type { Me } from '../../../../../../../../shared/schemas/person.ts';
import type { FieldErrors, FormValues } from '../../../../../../lib/form-values.ts';
import { ApiProblem, type Caller } from '../../../../../../lib/server/api.ts';
import { offeringsApi } from '../../../../../../lib/server/offerings-api.ts';
import { pageFromProblem } from '../../../../../../lib/server/offering-editor.ts';
import { providerEnrolmentsApi } from '../../../../../../lib/server/provider-enrolments-api.ts';

/** What the provider's enrolment pages share on the server: reading an offering's enrolments, their addresses, refusals. */

/** A re-shown form of these pages: which one (and for which occurrence), what was ticked and typed, a message per field, or one refusal. */
export type HandlingFormState = { form: string; occurrenceId?: string; values: FormValues; errors: FieldErrors; refusal?: string };

/** Re-shows a form: every refusal of these pages has one shape, so a page reads any of them alike. */
export const refuseForm = (status: number, state: HandlingFormState) => fail(status, state);

/** The enrolments page, all occurrences or one (`occurrence`), with a status message (`done`) after an action. */
export function enrolmentsPath(locale: Locale, offeringId: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]));
  return `/${locale}/provider/offerings/${offeringId}/enrolments${search.size > 0 ? `?${search}` : ''}`;
}

/** The offering (its title and rules) and its enrolments by occurrence; an id that is not the member's is a page saying so. */
export async function loadOfferingEnrolments(caller: Caller & { locale: Locale }, offeringId: string, url: URL) {
  try {
    const [offering, enrolments] = await Promise.all([offeringsApi.get(caller, offeringId), providerEnrolmentsApi.list(caller, offeringId)]);
    return { offering, enrolments };
  } catch (problem) {
    pageFromProblem(problem, url, caller.locale, 'noSuchOffering');
  }
}

/**
 * Who entered each enrolment made for a teacher who phoned, by person id: "you", a member of
 * the organisation by name or email, or (an admin, a former member) a member of staff.
 */
export async function enteredByNames(caller: Caller & { locale: Locale }, me: Me, organisationId: string, enrolments: OfferingEnrolments) {
  const t = messages(caller.locale).providerEnrolments;
  const ids = new Set(enrolments.occurrences.flatMap((o) => o.enrolments.flatMap((e) => (e.enteredBy ? [e.enteredBy] : []))));
  const names: Record<string, string> = {};
  if (ids.size === 0) return names;
  const others = [...ids].filter((id) => id !== me.id);
  const members = others.length > 0 ? (await offeringsApi.getOrganisation(caller, organisationId)).members : [];
  for (const id of ids) {
    const member = members.find((m) => m.personId === id);
    names[id] = id === me.id ? t.enteredByYou : (member?.name ?? member?.email ?? t.enteredByStaff);
  }
  return names;
}

/** A refused action as one message at the top of the page (an ended session signs in again; a fault is thrown on). */
export function refusal(problem: unknown, url: URL, locale: Locale, form: string) {
  if (problem instanceof ApiProblem && problem.problem.status === 401) pageFromProblem(problem, url, locale, 'noSuchOffering');
  if (problem instanceof ApiProblem && problem.problem.status >= 400 && problem.problem.status < 500) {
    return refuseForm(problem.problem.status, { form, values: {}, errors: {}, refusal: problem.problem.detail ?? problem.problem.title });
  }
  throw problem;
}
