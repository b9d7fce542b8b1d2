import * as z from 'zod';
import { enrolmentAnswer, enrolmentRequest, idempotencyKey, offeringEnrolmentPath } from '../../../shared/schemas/enrolment.ts';
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
    // A burst for one occurrence serialises on its seat counter: the last in line may wait.
    timeoutSeconds: 25,
    params: offeringEnrolmentPath,
    headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
    body: enrolmentRequest,
    responses: { 201: { description: 'Booked, requested or waitlisted; `manageToken` opens the enrolment (also emailed)', schema: enrolmentAnswer } },
    problems: {
      409: 'Refused: `reason` is full, closed, not-open-yet, cancelled, already-enrolled or no-enrolment; or the Idempotency-Key was used for another body',
    },
  },
});
