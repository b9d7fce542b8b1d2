import * as z from 'zod';
import { memberView, organisationDetail, type MemberInvite } from '../../../../shared/schemas/member.ts';
import {
  organisation,
  organisationList,
  type OrganisationDecision,
  type OrganisationProposal,
  type OrganisationStatus,
  type OrganisationUpdate,
} from '../../../../shared/schemas/organisation.ts';
import { membership } from '../../../../shared/schemas/person.ts';
import { venue, type VenueInput, type VenueUpdate } from '../../../../shared/schemas/venue.ts';
import { termView, vocabulariesView, type NewTerm, type TermUpdate, type VocabularyName } from '../../../../shared/schemas/vocabulary.ts';
import { callApi, type Caller } from './api.ts';

const path = (id: string) => encodeURIComponent(id);
/** A 204 answer has no body. */
const noContent = z.undefined();

/** The API calls of the provider's organisation pages and the platform admin's pages. */
export const organisationsApi = {
  list(caller: Caller, status: OrganisationStatus) {
    return callApi(caller, 'GET', `/api/v1/organisations?status=${status}`, organisationList);
  },
  propose(caller: Caller, body: OrganisationProposal) {
    return callApi(caller, 'POST', '/api/v1/organisations', organisation, body);
  },
  get(caller: Caller, id: string) {
    return callApi(caller, 'GET', `/api/v1/organisations/${path(id)}`, organisationDetail);
  },
  update(caller: Caller, id: string, body: OrganisationUpdate) {
    return callApi(caller, 'PUT', `/api/v1/organisations/${path(id)}`, organisation, body);
  },
  decide(caller: Caller, id: string, body: OrganisationDecision) {
    return callApi(caller, 'POST', `/api/v1/organisations/${path(id)}/decision`, organisation, body);
  },
  requestToJoin(caller: Caller, id: string) {
    return callApi(caller, 'POST', `/api/v1/organisations/${path(id)}/join-requests`, membership);
  },
  invite(caller: Caller, id: string, body: MemberInvite) {
    return callApi(caller, 'POST', `/api/v1/organisations/${path(id)}/members`, memberView, body);
  },
  acceptMember(caller: Caller, id: string, personId: string) {
    return callApi(caller, 'PUT', `/api/v1/organisations/${path(id)}/members/${path(personId)}`, memberView, { status: 'active' });
  },
  /** Removes a member, refuses a request to join, or (for oneself) leaves or withdraws one's request. */
  removeMember(caller: Caller, id: string, personId: string) {
    return callApi(caller, 'DELETE', `/api/v1/organisations/${path(id)}/members/${path(personId)}`, noContent);
  },
  createVenue(caller: Caller, organisationId: string, body: VenueInput) {
    return callApi(caller, 'POST', `/api/v1/organisations/${path(organisationId)}/venues`, venue, body);
  },
  updateVenue(caller: Caller, id: string, body: VenueUpdate) {
    return callApi(caller, 'PUT', `/api/v1/venues/${path(id)}`, venue, body);
  },
  vocabularies(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/vocabularies', vocabulariesView);
  },
  createTerm(caller: Caller, vocabulary: VocabularyName, body: NewTerm) {
    return callApi(caller, 'POST', `/api/v1/vocabularies/${vocabulary}/terms`, termView, body);
  },
  updateTerm(caller: Caller, vocabulary: VocabularyName, id: string, body: TermUpdate) {
    return callApi(caller, 'PUT', `/api/v1/vocabularies/${vocabulary}/terms/${path(id)}`, termView, body);
  },
};
