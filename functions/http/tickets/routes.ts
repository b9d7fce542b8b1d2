import { familyTickets, ticketPath, ticketView } from '../../../shared/schemas/tickets.ts';
import { defineRoutes } from '../route.ts';

/** A family's culture-godchild tickets: the list, one with its QR code, and cancelling one. */
export const ticketRoutes = defineRoutes({
  listFamilyTickets: {
    method: 'GET',
    path: '/api/v1/me/family/tickets',
    handler: 'functions/http/tickets/list.ts',
    summary: "The signed-in guardian's family's tickets, soonest occurrence first",
    tags: ['godchild'],
    table: 'read',
    auth: 'signed-in',
    responses: { 200: { description: 'Soonest first', schema: familyTickets } },
  },
  getFamilyTicket: {
    method: 'GET',
    path: '/api/v1/me/family/tickets/{id}',
    handler: 'functions/http/tickets/get.ts',
    summary: "One of the family's tickets with its code and its QR code as SVG; another family's ticket is not found",
    tags: ['godchild'],
    table: 'read',
    auth: 'signed-in',
    params: ticketPath,
    responses: { 200: { description: 'The ticket', schema: ticketView } },
  },
  cancelFamilyTicket: {
    method: 'POST',
    path: '/api/v1/me/family/tickets/{id}/cancel',
    handler: 'functions/http/tickets/cancel.ts',
    summary: "Cancel a ticket until its occurrence starts: its seats and the children's yearly allowance are given back",
    tags: ['godchild'],
    table: 'write',
    auth: 'signed-in',
    sendsMail: true,
    params: ticketPath,
    responses: { 200: { description: 'Cancelled', schema: ticketView } },
    problems: { 409: 'The ticket is used or cancelled already, or its occurrence has started' },
  },
});
