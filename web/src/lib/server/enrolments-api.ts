import { enrolmentAnswer, managedEnrolment, type EnrolmentRequest } from '../../../../shared/schemas/enrolment.ts';
import { callApi, type Caller } from './api.ts';

const path = (id: string) => encodeURIComponent(id);

/**
 * The API calls of the teacher's enrolment pages. Each passes the visitor's signed address
 * (`callApi` does, from the caller), since the API limits enrolments per client.
 */
export const enrolmentsApi = {
  /** The same key with the same body gives the first answer again: a double submit or a retry books once. */
  enrol(caller: Caller, offeringId: string, body: EnrolmentRequest, idempotencyKey: string) {
    return callApi(caller, 'POST', `/api/v1/offerings/${path(offeringId)}/enrolments`, enrolmentAnswer, body, { 'idempotency-key': idempotencyKey });
  },
  getManaged(caller: Caller, token: string) {
    return callApi(caller, 'GET', `/api/v1/enrolments/manage/${path(token)}`, managedEnrolment);
  },
  cancel(caller: Caller, token: string) {
    return callApi(caller, 'POST', `/api/v1/enrolments/manage/${path(token)}/cancel`, managedEnrolment);
  },
  acceptOffer(caller: Caller, token: string) {
    return callApi(caller, 'POST', `/api/v1/enrolments/manage/${path(token)}/accept`, managedEnrolment);
  },
  declineOffer(caller: Caller, token: string) {
    return callApi(caller, 'POST', `/api/v1/enrolments/manage/${path(token)}/decline`, managedEnrolment);
  },
};
