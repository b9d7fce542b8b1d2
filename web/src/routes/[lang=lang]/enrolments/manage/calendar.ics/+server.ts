import { isHttpError, redirect } from '@sveltejs/kit';
import type { ManagedEnrolment } from '../../../../../../../shared/schemas/enrolment.ts';
import { enrolmentCalendar } from '../../../../../lib/enrolment-calendar.ts';
import { loadManagedEnrolment, privatePage, tokenOf } from '../../../../../lib/server/managed-enrolment.ts';
import type { RequestHandler } from './$types';

/** "Add to calendar": the enrolment's .ics file, as a download. */
export const GET: RequestHandler = async ({ url, locals }) => {
  const page = `/${locals.locale}/enrolments/manage?token=${encodeURIComponent(url.searchParams.get('token') ?? '')}`;
  let managed: ManagedEnrolment;
  try {
    managed = await loadManagedEnrolment(locals, tokenOf(url, locals.locale));
  } catch (caught) {
    // A link that cannot be read goes to the enrolment's page, which says so in words (a file cannot).
    if (isHttpError(caught, 400)) redirect(303, page);
    throw caught;
  }
  return new Response(enrolmentCalendar(managed, locals.locale, new URL(page, url.origin).toString()), {
    headers: {
      ...privatePage,
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="tarjotin.ics"',
    },
  });
};
