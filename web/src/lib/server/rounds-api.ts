import { round, type Preferences, type RoundInput } from '../../../../shared/schemas/godchild.ts';
import { commitAnswer, familyRound, familyRoundList, invitationList, invitationView, letterList, publicInvitationView, roundList, roundPreview } from '../../../../shared/schemas/round-views.ts';
import { callApi, type Caller } from './api.ts';

const path = (id: string) => encodeURIComponent(id);

/** The API calls of allocation rounds: the admin's round pages, a guardian's preferences and invitations, a letter's code. */
export const roundsApi = {
  listOfCohort(caller: Caller, cohortId: string) {
    return callApi(caller, 'GET', `/api/v1/admin/cohorts/${path(cohortId)}/rounds`, roundList);
  },
  open(caller: Caller, cohortId: string, body: RoundInput) {
    return callApi(caller, 'POST', `/api/v1/admin/cohorts/${path(cohortId)}/rounds`, round, body);
  },
  get(caller: Caller, id: string) {
    return callApi(caller, 'GET', `/api/v1/admin/rounds/${path(id)}`, round);
  },
  preview(caller: Caller, id: string) {
    return callApi(caller, 'POST', `/api/v1/admin/rounds/${path(id)}/preview`, roundPreview);
  },
  lastPreview(caller: Caller, id: string) {
    return callApi(caller, 'GET', `/api/v1/admin/rounds/${path(id)}/preview`, roundPreview);
  },
  commit(caller: Caller, id: string) {
    return callApi(caller, 'POST', `/api/v1/admin/rounds/${path(id)}/commit`, commitAnswer);
  },
  close(caller: Caller, id: string) {
    return callApi(caller, 'POST', `/api/v1/admin/rounds/${path(id)}/close`, round);
  },
  letters(caller: Caller, id: string) {
    return callApi(caller, 'GET', `/api/v1/admin/rounds/${path(id)}/letters`, letterList);
  },
  familyRounds(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/me/family/rounds', familyRoundList);
  },
  familyRound(caller: Caller, id: string) {
    return callApi(caller, 'GET', `/api/v1/me/family/rounds/${path(id)}`, familyRound);
  },
  savePreferences(caller: Caller, id: string, body: Preferences) {
    return callApi(caller, 'PUT', `/api/v1/me/family/rounds/${path(id)}/preferences`, familyRound, body);
  },
  familyInvitations(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/me/family/invitations', invitationList);
  },
  accept(caller: Caller, id: string) {
    return callApi(caller, 'POST', `/api/v1/me/family/invitations/${path(id)}/accept`, invitationView);
  },
  decline(caller: Caller, id: string) {
    return callApi(caller, 'POST', `/api/v1/me/family/invitations/${path(id)}/decline`, invitationView);
  },
  byCode(caller: Caller, code: string) {
    return callApi(caller, 'GET', `/api/v1/invitations/by-code/${path(code)}`, publicInvitationView);
  },
  acceptByCode(caller: Caller, code: string) {
    return callApi(caller, 'POST', `/api/v1/invitations/by-code/${path(code)}/accept`, publicInvitationView);
  },
  declineByCode(caller: Caller, code: string) {
    return callApi(caller, 'POST', `/api/v1/invitations/by-code/${path(code)}/decline`, publicInvitationView);
  },
};
