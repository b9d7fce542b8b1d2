import { loadManagedEnrolment, privatePage, tokenOf } from '../../../../../../lib/server/managed-enrolment.ts';
import type { PageServerLoad } from './$types';

/** The answer to an enrolment just sent, read back through its manage link so it says where the enrolment stands now. */
export const load = (async ({ url, locals, setHeaders }) => {
  setHeaders(privatePage);
  const token = tokenOf(url, locals.locale);
  return { token, managed: await loadManagedEnrolment(locals, token) };
}) satisfies PageServerLoad;
