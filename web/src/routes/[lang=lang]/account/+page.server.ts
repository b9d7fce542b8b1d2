import { listMyEnrolments } from '../../../lib/server/my-enrolments-api.ts';
import { requireMe } from '../../../lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ parent, url, locals }) => {
  const { me } = await parent();
  const signedIn = requireMe(me, url, locals.locale);
  return { me: signedIn, enrolments: (await listMyEnrolments(locals)).items };
}) satisfies PageServerLoad;
