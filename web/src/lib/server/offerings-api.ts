import { API_URL, APP_SECRET } from '$app/env/private';
import { clientAddressHeaders, signClientAddress } from '../../../../shared/client-address.ts';
import { uploadedImage } from '../../../../shared/schemas/image.ts';
import { organisationDetail } from '../../../../shared/schemas/member.ts';
import { addedOccurrences, managedOffering, occurrenceChange, organisationOfferings } from '../../../../shared/schemas/offering-management.ts';
import type { NewOccurrences, OccurrenceCancellation, OccurrenceUpdate } from '../../../../shared/schemas/occurrence.ts';
import { offering, type OfferingInput, type OfferingUpdate } from '../../../../shared/schemas/offering.ts';
import { problem } from '../../../../shared/schemas/api.ts';
import { venueList } from '../../../../shared/schemas/venue.ts';
import { vocabulariesView } from '../../../../shared/schemas/vocabulary.ts';
import { ApiProblem, callApi, type Caller } from './api.ts';

const path = (id: string) => encodeURIComponent(id);

/** The API calls of the provider's offering pages: offerings, occurrences, and what the editor offers to choose from. */
export const offeringsApi = {
  listOfOrganisation(caller: Caller, organisationId: string) {
    return callApi(caller, 'GET', `/api/v1/organisations/${path(organisationId)}/offerings`, organisationOfferings);
  },
  getOrganisation(caller: Caller, organisationId: string) {
    return callApi(caller, 'GET', `/api/v1/organisations/${path(organisationId)}`, organisationDetail);
  },
  listVenues(caller: Caller, organisationId: string) {
    return callApi(caller, 'GET', `/api/v1/organisations/${path(organisationId)}/venues`, venueList);
  },
  vocabularies(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/vocabularies', vocabulariesView);
  },
  create(caller: Caller, organisationId: string, body: OfferingInput) {
    return callApi(caller, 'POST', `/api/v1/organisations/${path(organisationId)}/offerings`, offering, body);
  },
  get(caller: Caller, id: string) {
    return callApi(caller, 'GET', `/api/v1/manage/offerings/${path(id)}`, managedOffering);
  },
  update(caller: Caller, id: string, body: OfferingUpdate) {
    return callApi(caller, 'PUT', `/api/v1/manage/offerings/${path(id)}`, offering, body);
  },
  copy(caller: Caller, id: string) {
    return callApi(caller, 'POST', `/api/v1/manage/offerings/${path(id)}/copy`, offering);
  },
  publish(caller: Caller, id: string, version: number) {
    return callApi(caller, 'POST', `/api/v1/manage/offerings/${path(id)}/publish`, offering, { version });
  },
  unpublish(caller: Caller, id: string, version: number) {
    return callApi(caller, 'POST', `/api/v1/manage/offerings/${path(id)}/unpublish`, offering, { version });
  },
  addOccurrences(caller: Caller, id: string, body: NewOccurrences) {
    return callApi(caller, 'POST', `/api/v1/manage/offerings/${path(id)}/occurrences`, addedOccurrences, body);
  },
  updateOccurrence(caller: Caller, id: string, occurrenceId: string, body: OccurrenceUpdate) {
    return callApi(caller, 'PUT', `/api/v1/manage/offerings/${path(id)}/occurrences/${path(occurrenceId)}`, occurrenceChange, body);
  },
  cancelOccurrence(caller: Caller, id: string, occurrenceId: string, body: OccurrenceCancellation) {
    return callApi(caller, 'POST', `/api/v1/manage/offerings/${path(id)}/occurrences/${path(occurrenceId)}/cancel`, occurrenceChange, body);
  },

  /**
   * Sends an image's raw bytes with its own Content-Type (the API takes no JSON here, so this
   * does what `callApi` does for the headers: language, session, the visitor's signed address).
   */
  async uploadImage(caller: Caller, organisationId: string, file: File) {
    if (!API_URL) throw new Error('API_URL is not set: the web app needs the API base URL in its environment');
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': caller.locale, 'content-type': file.type };
    if (caller.sessionToken) headers.authorization = `Bearer ${caller.sessionToken}`;
    if (caller.clientAddress && APP_SECRET) {
      headers[clientAddressHeaders.address] = caller.clientAddress;
      headers[clientAddressHeaders.signature] = await signClientAddress(caller.clientAddress, APP_SECRET);
    }
    const url = new URL(`/api/v1/images?organisationId=${encodeURIComponent(organisationId)}`, API_URL);
    const response = await fetch(url, { method: 'POST', headers, body: new Uint8Array(await file.arrayBuffer()) });
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const parsed = problem.safeParse(body);
      throw new ApiProblem(parsed.success ? parsed.data : { type: 'about:blank', title: response.statusText, status: response.status });
    }
    return uploadedImage.parse(body);
  },
};
