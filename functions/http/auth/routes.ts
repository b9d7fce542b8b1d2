import * as z from 'zod';
import { me, session, signInCompletion, signInLinkRequest } from '../../../shared/schemas/person.ts';
import { defineRoutes } from '../route.ts';

/** Signing in and out, and who is signed in. */
export const authRoutes = defineRoutes({
  requestSignInLink: {
    method: 'POST',
    path: '/api/v1/auth/sign-in-links',
    handler: 'functions/http/auth/sign-in-links.ts',
    summary: 'Email a one-time sign-in link (the same answer whether or not the address is known)',
    tags: ['sign-in'],
    table: 'write',
    sendsMail: true,
    usesSecret: true,
    body: signInLinkRequest,
    responses: { 202: { description: 'If the address can receive mail, a link is on its way', schema: z.object({ sent: z.literal(true) }) } },
  },
  createSession: {
    method: 'POST',
    path: '/api/v1/auth/sessions',
    handler: 'functions/http/auth/sessions.ts',
    summary: "Trade a sign-in link's token for a session (each link works once, for 15 minutes)",
    tags: ['sign-in'],
    table: 'write',
    usesSecret: true,
    body: signInCompletion,
    responses: { 201: { description: 'Signed in', schema: session } },
  },
  deleteSession: {
    method: 'DELETE',
    path: '/api/v1/auth/session',
    handler: 'functions/http/auth/sign-out.ts',
    summary: 'Sign out: end the session the request carries',
    tags: ['sign-in'],
    table: 'write',
    auth: 'signed-in',
    responses: { 204: { description: 'Signed out' } },
  },
  getMe: {
    method: 'GET',
    path: '/api/v1/me',
    handler: 'functions/http/auth/me.ts',
    summary: 'The signed-in person, with their organisations and roles',
    tags: ['sign-in'],
    table: 'read',
    auth: 'signed-in',
    responses: { 200: { description: 'The signed-in person', schema: me } },
  },
});
