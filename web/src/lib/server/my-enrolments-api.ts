import { calendarFeedLink, myEnrolments } from '../../../../shared/schemas/enrolment.ts';
import { callApi, type Caller } from './api.ts';

/** Enrolment calls of pages outside the enrolment pages themselves (the account, an organisation). */

/** The enrolments made with the signed-in person's address, each with its manage link's token. */
export const listMyEnrolments = (caller: Caller) => callApi(caller, 'GET', '/api/v1/me/enrolments', myEnrolments);

/** The address of an organisation's calendar feed, for its members to subscribe to. */
export const calendarFeedLinkOf = (caller: Caller, organisationId: string) =>
  callApi(caller, 'GET', `/api/v1/organisations/${encodeURIComponent(organisationId)}/calendar-link`, calendarFeedLink);
