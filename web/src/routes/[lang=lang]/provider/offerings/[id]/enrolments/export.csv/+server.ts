import { error, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../../../../shared/i18n/index.ts';
import { ApiProblem } from '../../../../../../../lib/server/api.ts';
import { providerEnrolmentsApi } from '../../../../../../../lib/server/provider-enrolments-api.ts';
import type { RequestHandler } from './$types';

/**
 * The offering's enrolments as the API's CSV file (UTF-8 with BOM, `;`, headings in the page's
 * language), passed through as it came, with the member's session. Personal data: no cache keeps it.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { locale } = locals;
  const signIn = () => redirect(303, `/${locale}/sign-in?returnTo=${encodeURIComponent(url.pathname)}`);
  if (!locals.sessionToken) signIn();
  let file: Response;
  try {
    file = await providerEnrolmentsApi.exportCsv(locals, params.id);
  } catch (problem) {
    if (problem instanceof ApiProblem) {
      const { status } = problem.problem;
      if (status === 401) signIn();
      if (status === 403) error(403, messages(locale).problems.notYourOrganisation);
      if (status === 404 || status === 400) error(404, messages(locale).problems.noSuchOffering);
    }
    throw problem;
  }
  const headers = new Headers({ 'cache-control': 'private, no-store' });
  for (const name of ['content-type', 'content-disposition', 'content-length']) {
    const value = file.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(file.body, { status: 200, headers });
};
