import { doorCheck, doorCheckAnswer } from '../../../shared/schemas/godchild.ts';
import { doorToday, organisationPath } from '../../../shared/schemas/tickets.ts';
import { defineRoutes } from '../route.ts';

/** Door staff check culture-godchild tickets: each valid ticket is marked used once. */
export const doorRoutes = defineRoutes({
  checkTicket: {
    method: 'POST',
    path: '/api/v1/door/check',
    handler: 'functions/http/door/check.ts',
    summary:
      'Check a typed or scanned ticket code at the door of one of your organisations: `result` is valid (now marked used), already-used (with usedAt), ' +
      'wrong-day, cancelled, not-this-organisation or invalid. Two devices checking one ticket together get one valid',
    tags: ['godchild'],
    table: 'write',
    auth: 'signed-in',
    usesSecret: true,
    body: doorCheck,
    responses: { 200: { description: 'What the door shows', schema: doorCheckAnswer } },
  },
  doorToday: {
    method: 'GET',
    path: '/api/v1/door/organisations/{id}/today',
    handler: 'functions/http/door/today.ts',
    summary: "Today's (Helsinki) occurrences of the organisation's experiences with tickets: tickets, persons and tickets used",
    tags: ['godchild'],
    table: 'read',
    auth: 'signed-in',
    params: organisationPath,
    responses: { 200: { description: 'Oldest start first', schema: doorToday } },
  },
});
