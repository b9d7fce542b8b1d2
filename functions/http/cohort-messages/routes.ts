import { cohortMessage, cohortMessageSent, cohortPath, recipientCount, recipientsQuery } from '../../../shared/schemas/tickets.ts';
import { defineRoutes } from '../route.ts';

/** The platform admin's messages to a cohort's families, with the recipient count first. */
export const cohortMessageRoutes = defineRoutes({
  countCohortRecipients: {
    method: 'GET',
    path: '/api/v1/admin/cohorts/{id}/messages/recipients',
    handler: 'functions/http/cohort-messages/recipients.ts',
    summary: 'How many families of the cohort a message to an audience (invited, enrolled, attended, waiting) would reach by email, and how many get letters only',
    tags: ['godchild'],
    table: 'read',
    auth: 'admin',
    params: cohortPath,
    query: recipientsQuery,
    responses: { 200: { description: 'The counts', schema: recipientCount } },
  },
  sendCohortMessage: {
    method: 'POST',
    path: '/api/v1/admin/cohorts/{id}/messages',
    handler: 'functions/http/cohort-messages/send.ts',
    summary:
      "Email a message to the cohort's families of an audience, each in its language (or another the admin wrote in); non-essential messages only to families who accepted them",
    tags: ['godchild'],
    table: 'write',
    auth: 'admin',
    sendsMail: true,
    timeoutSeconds: 28,
    params: cohortPath,
    body: cohortMessage,
    responses: { 200: { description: 'Written to the outbox and being sent', schema: cohortMessageSent } },
  },
});
