import * as z from 'zod';
import { idempotencyKey } from '../../../shared/schemas/enrolment.ts';
import { familyExperiences, firstComeAnswer, firstComePath, firstComeRequest } from '../../../shared/schemas/tickets.ts';
import { defineRoutes } from '../route.ts';

/** First-come enrolment in the leftover seats of a cohort's experiences, after its rounds. */
export const experienceRoutes = defineRoutes({
  listFamilyExperiences: {
    method: 'GET',
    path: '/api/v1/me/family/experiences',
    handler: 'functions/http/experiences/list.ts',
    summary: "The experiences of the family's cohorts with free seats, whether first-come enrolment is open, and each child's use of the yearly limit",
    tags: ['godchild'],
    table: 'read',
    auth: 'signed-in',
    responses: { 200: { description: 'Soonest first', schema: familyExperiences } },
  },
  enrolFirstCome: {
    method: 'POST',
    path: '/api/v1/me/family/experiences/{offeringId}/occurrences/{occurrenceId}/enrolments',
    handler: 'functions/http/experiences/enrol.ts',
    summary:
      "Enrol the family's children of the experience's cohort in an occurrence, first come first served, once no round of the cohort is open or committed. " +
      'The seats, the yearly limit and event group are checked in the same transaction as the ticket. Send an Idempotency-Key to make retries safe',
    tags: ['godchild'],
    table: 'write',
    auth: 'signed-in',
    sendsMail: true,
    // A burst on one child's allowance or one occurrence serialises: the last in line may wait.
    timeoutSeconds: 28,
    params: firstComePath,
    headers: z.object({ 'idempotency-key': idempotencyKey.optional() }),
    body: firstComeRequest,
    responses: { 201: { description: 'The ticket (also emailed)', schema: firstComeAnswer } },
    problems: { 409: 'Refused: `reason` is full, yearly-limit, event-group, already-enrolled, round-in-progress, closed or cancelled' },
  },
});
