import { redirect } from '@sveltejs/kit';
import { pickLocale } from '../../../shared/locale.ts';
import type { PageServerLoad } from './$types';

/** The bare address goes to the visitor's language (Accept-Language), Finnish by default. */
export const load = (({ request, setHeaders }) => {
  setHeaders({ vary: 'accept-language' });
  redirect(307, `/${pickLocale(request.headers.get('accept-language'))}`);
}) satisfies PageServerLoad;
