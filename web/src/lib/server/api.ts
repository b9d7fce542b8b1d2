import { API_URL, APP_SECRET } from '$app/env/private';
import type * as z from 'zod';
import { clientAddressHeaders, signClientAddress } from '../../../../shared/client-address.ts';
import type { Locale } from '../../../../shared/locale.ts';
import { offeringDetail, offeringPage, problem } from '../../../../shared/schemas/api.ts';
import { ApiProblem } from './api-problem.ts';
import { me, session } from '../../../../shared/schemas/person.ts';
import { vocabulariesView } from '../../../../shared/schemas/vocabulary.ts';

export { ApiProblem };

/** On whose behalf the web server calls the API: the page's language, the visitor's session and address. */
export type Caller = Pick<App.Locals, 'locale' | 'sessionToken' | 'clientAddress'>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The one way the web server calls the Tarjotin API. Responses are parsed with the schemas the
 * API documents (the API is a trust boundary like any other); problems become ApiProblem.
 * The session travels as a bearer token; the visitor's address is signed so the API can
 * rate-limit per visitor rather than per web server.
 */
export async function callApi<T extends z.ZodType>(
  caller: Caller,
  method: Method,
  path: string,
  schema: T,
  body?: unknown,
  /** Headers of this call alone (an enrolment's Idempotency-Key). */
  extraHeaders: Record<string, string> = {},
): Promise<z.output<T>> {
  if (!API_URL) throw new Error('API_URL is not set: the web app needs the API base URL in its environment');
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json', 'accept-language': caller.locale };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (caller.sessionToken) headers.authorization = `Bearer ${caller.sessionToken}`;
  if (caller.clientAddress && APP_SECRET) {
    headers[clientAddressHeaders.address] = caller.clientAddress;
    headers[clientAddressHeaders.signature] = await signClientAddress(caller.clientAddress, APP_SECRET);
  }
  const response = await fetch(new URL(path, API_URL), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsedBody: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const parsed = problem.safeParse(parsedBody);
    throw new ApiProblem(parsed.success ? parsed.data : { type: 'about:blank', title: response.statusText, status: response.status });
  }
  return schema.parse(parsedBody);
}

const publicCaller = (locale: Locale): Caller => ({ locale });
const nothing = { parse: () => undefined } as unknown as z.ZodType<undefined>;

export const api = {
  listOfferings(query: URLSearchParams, locale: Locale) {
    return callApi(publicCaller(locale), 'GET', `/api/v1/offerings?${query}`, offeringPage);
  },
  /** The search form's categories (and keywords). */
  listVocabularies(locale: Locale) {
    return callApi(publicCaller(locale), 'GET', '/api/v1/vocabularies', vocabulariesView);
  },
  getOffering(id: string, locale: Locale) {
    return callApi(publicCaller(locale), 'GET', `/api/v1/offerings/${encodeURIComponent(id)}`, offeringDetail);
  },
  requestSignInLink(caller: Caller, body: { email: string; locale: Locale; returnTo?: string }) {
    return callApi(caller, 'POST', '/api/v1/auth/sign-in-links', nothing, body);
  },
  createSession(caller: Caller, token: string) {
    return callApi(caller, 'POST', '/api/v1/auth/sessions', session, { token });
  },
  deleteSession(caller: Caller) {
    return callApi(caller, 'DELETE', '/api/v1/auth/session', nothing);
  },
  getMe(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/me', me);
  },
};
