import type { Handle } from '@sveltejs/kit/hooks';
import { isLocale, pickLocale } from '../../shared/locale.ts';

/** The page language is the URL's first segment (else Accept-Language); `<html lang>` follows it. */
export const handle: Handle = async ({ event, resolve }) => {
  const segment = event.url.pathname.split('/')[1];
  event.locals.locale = isLocale(segment) ? segment : pickLocale(event.request.headers.get('accept-language'));
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale),
  });
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  return response;
};
