import * as z from 'zod';
import {
  enrolmentAnswer,
  enrolmentRequest,
  idempotencyKey,
  managedEnrolment,
  myEnrolments,
  manageTokenPath,
  offeringEnrolmentPath,
} from '../../../shared/schemas/enrolment.ts';
import { defineRoutes } from '../route.ts';

/** Teachers enrol groups; the answer is immediate and definite. */
export const enrolmentRoutes = defineRoutes({
  enrol: {
    method: 'POST',
    path: '/api/v1/offerings/{id}/enrolments',
    handler: 'functions/http/enrolments/enrol.ts',
    summary:
      'Enrol a group in occurrences of a published offering: booked, requested (manual approval; seats held) or waitlisted with a position. ' +
      'Send an Idempotency-Key to make retries safe: the same key and body give the first answer again',
    tags: ['enrolment'],
    table: 'write',
    sendsMail: true,
    usesSecret: true,
    // A burst for one occurrence serialises on its seat counter: the last in line may wait
    // (API Gateway waits at most 30 s).
    timeoutSeconds: 28,
    params: offeringEnrolmentPath,
    headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
    body: enrolmentRequest,
    responses: { 201: { description: 'Booked, requested or waitlisted; `manageToken` opens the enrolment (also emailed)', schema: enrolmentAnswer } },
    problems: {
      409: 'Refused: `reason` is full, closed, not-open-yet, cancelled, already-enrolled or no-enrolment; or the Idempotency-Key was used for another body',
    },
  },
  listMyEnrolments: {
    method: 'GET',
    path: '/api/v1/me/enrolments',
    handler: 'functions/http/enrolments/mine.ts',
    summary: "The enrolments made with the signed-in person's email address, newest first, each with its manage link's token",
    tags: ['enrolment'],
    table: 'read',
    auth: 'signed-in',
    responses: { 200: { description: 'Newest first', schema: myEnrolments } },
  },
  getManagedEnrolment: {
    method: 'GET',
    path: '/api/v1/enrolments/manage/{token}',
    handler: 'functions/http/enrolments/manage-get.ts',
    summary: "The teacher's own page of one enrolment, opened by the signed token of its emailed link",
    tags: ['enrolment'],
    table: 'read',
    usesSecret: true,
    params: manageTokenPath,
    responses: { 200: { description: 'The enrolment, its occurrences and what the teacher may still do', schema: managedEnrolment } },
  },
  cancelEnrolmentByTeacher: {
    method: 'POST',
    path: '/api/v1/enrolments/manage/{token}/cancel',
    handler: 'functions/http/enrolments/manage-cancel.ts',
    summary: "Cancel the enrolment until the offering's cancellation deadline; its seats go to the first waiting group that fits",
    tags: ['enrolment'],
    table: 'write',
    sendsMail: true,
    usesSecret: true,
    params: manageTokenPath,
    responses: { 200: { description: 'Cancelled', schema: managedEnrolment } },
    problems: { 409: 'Already cancelled or declined, or the cancellation deadline has passed' },
  },
  acceptOffer: {
    method: 'POST',
    path: '/api/v1/enrolments/manage/{token}/accept',
    handler: 'functions/http/enrolments/manage-accept.ts',
    summary: 'Accept the freed seat offered to the waiting group, before the offer lapses',
    tags: ['enrolment'],
    table: 'write',
    sendsMail: true,
    usesSecret: true,
    params: manageTokenPath,
    responses: { 200: { description: 'Booked (or requested, under manual approval)', schema: managedEnrolment } },
    problems: { 409: 'No seat is offered, or the offer has lapsed' },
  },
  declineOffer: {
    method: 'POST',
    path: '/api/v1/enrolments/manage/{token}/decline',
    handler: 'functions/http/enrolments/manage-decline.ts',
    summary: 'Decline the freed seat offered to the waiting group; it goes to the next group that fits',
    tags: ['enrolment'],
    table: 'write',
    sendsMail: true,
    usesSecret: true,
    params: manageTokenPath,
    responses: { 200: { description: 'Declined; the group leaves the waitlist', schema: managedEnrolment } },
    problems: { 409: 'No seat is offered, or the offer has lapsed' },
  },
});
