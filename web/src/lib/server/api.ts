import { API_URL } from '$app/env/private';
import type * as z from 'zod';
import type { Locale } from '../../../../shared/locale.ts';
import { offeringDetail, offeringPage, problem, type Problem } from '../../../../shared/schemas/api.ts';

/** The API answered with a problem (RFC 9457); pages turn it into messages or an error page. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

/**
 * The one client of the Tarjotin API. Responses are parsed with the same schemas the API
 * documents: the API is a trust boundary like any other.
 */
async function get<T extends z.ZodType>(path: string, schema: T, locale: Locale): Promise<z.output<T>> {
  if (!API_URL) throw new Error('API_URL is not set: the web app needs the API base URL in its environment');
  const response = await fetch(new URL(path, API_URL), {
    headers: { accept: 'application/json', 'accept-language': locale },
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = problem.safeParse(body);
    throw new ApiProblem(parsed.success ? parsed.data : { type: 'about:blank', title: response.statusText, status: response.status });
  }
  return schema.parse(body);
}

export const api = {
  listOfferings(query: URLSearchParams, locale: Locale) {
    return get(`/api/v1/offerings?${query}`, offeringPage, locale);
  },
  getOffering(id: string, locale: Locale) {
    return get(`/api/v1/offerings/${encodeURIComponent(id)}`, offeringDetail, locale);
  },
};
