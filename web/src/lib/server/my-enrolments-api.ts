import { myEnrolments } from '../../../../shared/schemas/enrolment.ts';
import { callApi, type Caller } from './api.ts';

/** The enrolments made with the signed-in person's address, each with its manage link's token. */
export const listMyEnrolments = (caller: Caller) => callApi(caller, 'GET', '/api/v1/me/enrolments', myEnrolments);
