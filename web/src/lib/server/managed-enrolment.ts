import { error } from '@sveltejs/kit';
import { messages } from '../../../../shared/i18n/index.ts';
import type { Locale } from '../../../../shared/locale.ts';
import { manageTokenPath, type ManagedEnrolment } from '../../../../shared/schemas/enrolment.ts';
import { ApiProblem, type Caller } from './api.ts';
import { enrolmentsApi } from './enrolments-api.ts';

/** Teachers need no account: the API hears only the page's language and the visitor's (signed) address. */
export const teacherCaller = (locals: App.Locals): Caller => ({ locale: locals.locale, clientAddress: locals.clientAddress });

/** A forged, altered or expired link, or none: a page saying so in the reader's language (400). */
export function invalidLink(locale: Locale): never {
  error(400, messages(locale).teacherEnrolment.invalidLink);
}

/** The link's token from `?token=`, shaped as the API takes it, or the invalid-link page. */
export function tokenOf(url: URL, locale: Locale): string {
  const parsed = manageTokenPath.shape.token.safeParse(url.searchParams.get('token'));
  if (!parsed.success) invalidLink(locale);
  return parsed.data;
}

/** The enrolment a manage link opens; a token the API cannot read (400) or whose enrolment is gone (404) is an invalid link. */
export async function loadManagedEnrolment(locals: App.Locals, token: string): Promise<ManagedEnrolment> {
  try {
    return await enrolmentsApi.getManaged(teacherCaller(locals), token);
  } catch (caught) {
    if (caught instanceof ApiProblem && (caught.problem.status === 400 || caught.problem.status === 404)) invalidLink(locals.locale);
    throw caught;
  }
}

/** Pages of one enrolment carry personal data and a secret link: no shared cache, no search engine. */
export const privatePage = { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' };
