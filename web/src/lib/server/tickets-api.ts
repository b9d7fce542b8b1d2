import { doorCheckAnswer, type DoorCheckAnswer } from '../../../../shared/schemas/godchild.ts';
import {
  cohortMessageSent,
  doorToday,
  familyExperiences,
  familyTickets,
  firstComeAnswer,
  recipientCount,
  ticketView,
  type FirstComeRequest,
} from '../../../../shared/schemas/tickets.ts';
import type { CohortMessage } from '../../../../shared/schemas/godchild.ts';
import { callApi, type Caller } from './api.ts';

const seg = (id: string) => encodeURIComponent(id);

/** The API calls of the family's tickets and experiences, the door and cohort messages. */
export const ticketsApi = {
  listTickets(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/me/family/tickets', familyTickets);
  },
  getTicket(caller: Caller, id: string) {
    return callApi(caller, 'GET', `/api/v1/me/family/tickets/${seg(id)}`, ticketView);
  },
  cancelTicket(caller: Caller, id: string) {
    return callApi(caller, 'POST', `/api/v1/me/family/tickets/${seg(id)}/cancel`, ticketView);
  },
  listExperiences(caller: Caller) {
    return callApi(caller, 'GET', '/api/v1/me/family/experiences', familyExperiences);
  },
  /** The same key with the same body gives the first answer again: a double submit enrols once. */
  enrolFirstCome(caller: Caller, offeringId: string, occurrenceId: string, body: FirstComeRequest, idempotencyKey: string) {
    return callApi(caller, 'POST', `/api/v1/me/family/experiences/${seg(offeringId)}/occurrences/${seg(occurrenceId)}/enrolments`, firstComeAnswer, body, {
      'idempotency-key': idempotencyKey,
    });
  },
  checkAtDoor(caller: Caller, check: { organisationId: string; venueId?: string; code: string }): Promise<DoorCheckAnswer> {
    return callApi(caller, 'POST', '/api/v1/door/check', doorCheckAnswer, check);
  },
  doorToday(caller: Caller, organisationId: string) {
    return callApi(caller, 'GET', `/api/v1/door/organisations/${seg(organisationId)}/today`, doorToday);
  },
  countRecipients(caller: Caller, cohortId: string, audience: string, essential: boolean) {
    const query = new URLSearchParams({ audience, essential: String(essential) });
    return callApi(caller, 'GET', `/api/v1/admin/cohorts/${seg(cohortId)}/messages/recipients?${query}`, recipientCount);
  },
  sendCohortMessage(caller: Caller, cohortId: string, message: CohortMessage) {
    return callApi(caller, 'POST', `/api/v1/admin/cohorts/${seg(cohortId)}/messages`, cohortMessageSent, message);
  },
};
