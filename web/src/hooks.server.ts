import type { Handle } from '@sveltejs/kit/hooks';
import { isLocale, pickLocale } from '../../shared/locale.ts';
import { sessionCookie } from './lib/server/session.ts';

/** The page language is the URL's first segment (else Accept-Language); `<html lang>` follows it. */
export const handle: Handle = async ({ event, resolve }) => {
  const segment = event.url.pathname.split('/')[1];
  event.locals.locale = isLocale(segment) ? segment : pickLocale(event.request.headers.get('accept-language'));
  event.locals.sessionToken = event.cookies.get(sessionCookie);
  try {
    event.locals.clientAddress = event.getClientAddress();
  } catch {
    // No address known (some adapters in some set-ups): the API falls back to its own view.
  }
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale),
  });
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  // Pages of signed-in people are personal: no shared cache may keep them.
  if (event.locals.sessionToken) response.headers.set('cache-control', 'private, no-store');
  return response;
};
