import { API_URL, APP_SECRET } from '$app/env/private';
import * as z from 'zod';
import { clientAddressHeaders, signClientAddress } from '../../../../shared/client-address.ts';
import { problem } from '../../../../shared/schemas/api.ts';
import { enrolmentAnswer, offeringEnrolments, type EnrolmentDecision, type EnrolmentRequest } from '../../../../shared/schemas/enrolment.ts';
import { ApiProblem, callApi, type Caller } from './api.ts';

const path = (id: string) => encodeURIComponent(id);
const base = (offeringId: string) => `/api/v1/manage/offerings/${path(offeringId)}/enrolments`;

/**
 * A file the API answers (not JSON to parse), with the headers `callApi` sends (language, session,
 * the visitor's signed address): the Response as it came. A problem answer becomes ApiProblem.
 */
async function fetchFile(caller: Caller, apiPath: string, accept: string) {
  if (!API_URL) throw new Error('API_URL is not set: the web app needs the API base URL in its environment');
  const headers: Record<string, string> = { accept, 'accept-language': caller.locale };
  if (caller.sessionToken) headers.authorization = `Bearer ${caller.sessionToken}`;
  if (caller.clientAddress && APP_SECRET) {
    headers[clientAddressHeaders.address] = caller.clientAddress;
    headers[clientAddressHeaders.signature] = await signClientAddress(caller.clientAddress, APP_SECRET);
  }
  const response = await fetch(new URL(apiPath, API_URL), { headers });
  if (!response.ok) {
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const parsed = problem.safeParse(body);
    throw new ApiProblem(parsed.success ? parsed.data : { type: 'about:blank', title: response.statusText, status: response.status });
  }
  return response;
}

/** 204 No Content. */
const noContent = z.undefined();

/** The API calls of the provider's enrolment pages; every one needs the signed-in member's session. */
export const providerEnrolmentsApi = {
  /** The offering's occurrences by start, each with its enrolments (new marks, waitlist places). */
  list(caller: Caller, offeringId: string) {
    return callApi(caller, 'GET', base(offeringId), offeringEnrolments);
  },
  /** They lose their "new" mark. */
  markSeen(caller: Caller, offeringId: string, enrolmentIds: string[]) {
    return callApi(caller, 'POST', `${base(offeringId)}/seen`, noContent, { enrolmentIds });
  },
  /** All or nothing: a 409 naming `enrolmentIds.<i>` when one of them is not a request. */
  decide(caller: Caller, offeringId: string, body: EnrolmentDecision) {
    return callApi(caller, 'POST', `${base(offeringId)}/decisions`, offeringEnrolments, body);
  },
  cancel(caller: Caller, offeringId: string, enrolmentId: string, message: string | undefined) {
    return callApi(caller, 'POST', `${base(offeringId)}/${path(enrolmentId)}/cancel`, offeringEnrolments, message ? { message } : {});
  },
  /** A waiting group picked by the provider, booked if it fits (a worded 409 when not). */
  bookFromWaitlist(caller: Caller, offeringId: string, enrolmentId: string) {
    return callApi(caller, 'POST', `${base(offeringId)}/${path(enrolmentId)}/book`, offeringEnrolments);
  },
  /** For a teacher who phoned: the record keeps who entered it. The same key and body give the first answer again. */
  enrolForTeacher(caller: Caller, offeringId: string, body: EnrolmentRequest, idempotencyKey: string) {
    return callApi(caller, 'POST', base(offeringId), enrolmentAnswer, body, { 'idempotency-key': idempotencyKey });
  },
  /** The CSV file as the API answers it (UTF-8 with BOM, `;`), headings in the caller's language. */
  exportCsv(caller: Caller, offeringId: string) {
    return fetchFile(caller, `${base(offeringId)}.csv`, 'text/csv');
  },
};
