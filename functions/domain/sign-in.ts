import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { ulid } from 'ulid';
import { messages } from '../../shared/i18n/api.ts';
import type { Locale } from '../../shared/locale.ts';
import type { Me, Session, SignInLinkRequest } from '../../shared/schemas/person.ts';
import { appSecret, config } from '../config.ts';
import { batchGet } from '../db/items.ts';
import { organisationFromItem, organisationKey } from '../db/organisation.ts';
import {
  createPersonWithIdentity,
  deleteSession,
  emailIdentity,
  findPersonIdByIdentity,
  getPersonRecord,
  putSession,
  setPlatformAdmin,
  touchSession,
  type PersonRecord,
} from '../db/person.ts';
import { takeFromRateLimit } from '../db/rate-limit.ts';
import { consumeSignInLink, putSignInLink } from '../db/sign-in-link.ts';
import { renderMail } from '../mail/render.ts';
import { sendMail } from '../mail/send.ts';
import type { Actor } from './actor.ts';
import { TooManyRequestsError, UnauthorizedError, ValidationError } from './errors.ts';

/** A link is good for 15 minutes and one use. */
export const signInLinkMinutes = 15;
/** However active, a session ends after 12 hours; idle ones sooner (SESSION_IDLE_MINUTES). */
const sessionMaxHours = 12;
/** Writing "last seen" on every request would cost a write per page; a few minutes' slack is fine. */
const touchAfterMs = 5 * 60_000;

/** Per address: a person retrying a lost email is fine, a flood is not. Per client: one office shares an address. */
export const signInLimits = {
  perAddress: { count: 5, windowSeconds: 60 * 60 },
  perClient: { count: 30, windowSeconds: 60 * 60 },
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const secretKey = () => new TextEncoder().encode(appSecret());
const idleUntil = (from: Date) => new Date(from.getTime() + config().SESSION_IDLE_MINUTES * 60_000);

/**
 * Use case: email a one-time sign-in link. The answer is the same whether or not anyone has
 * signed in with the address before, so the form tells nobody who has an account; both the
 * address and the client are rate-limited, so it cannot be used to flood an inbox.
 */
export async function requestSignInLink(input: SignInLinkRequest, client: string, now = new Date()): Promise<void> {
  const address = input.email.toLowerCase();
  const waits = await Promise.all([
    takeFromRateLimit(`signin-client#${client}`, signInLimits.perClient, now),
    takeFromRateLimit(`signin-address#${sha256(address)}`, signInLimits.perAddress, now),
  ]);
  const wait = Math.max(...waits.map((w) => w ?? 0));
  if (wait > 0) throw new TooManyRequestsError(wait);

  const token = randomBytes(32).toString('base64url');
  const validUntil = new Date(now.getTime() + signInLinkMinutes * 60_000).toISOString();
  await putSignInLink(sha256(token), { email: address, locale: input.locale, returnTo: input.returnTo, validUntil });
  await sendMail(signInMail(address, input.locale, token));
}

function signInMail(to: string, locale: Locale, token: string) {
  const t = messages(locale).mail.signIn;
  // The link opens a page with a button: mail scanners that fetch links must not use up the token.
  const url = new URL(`/${locale}/sign-in/verify`, config().PUBLIC_URL);
  url.searchParams.set('token', token);
  return renderMail(to, locale, {
    subject: t.subject,
    paragraphs: [t.intro],
    action: { label: t.action, url: url.toString() },
    notes: [t.expires(signInLinkMinutes), t.notYou],
  });
}

/**
 * Use case: trade a link's token for a session. The first sign-in with an address creates the
 * person; the address in FIRST_ADMIN_EMAIL makes them a platform admin.
 */
export async function completeSignIn(token: string, now = new Date()): Promise<Session> {
  const link = await consumeSignInLink(sha256(token), now);
  if (!link) throw new ValidationError([{ in: 'body', path: ['token'], message: 'signInLinkInvalid' }]);

  const identity = emailIdentity(link.email);
  const personId =
    (await findPersonIdByIdentity(identity)) ??
    (await createPersonWithIdentity(
      {
        id: ulid(),
        email: link.email,
        locale: link.locale,
        platformAdmin: false,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      },
      identity,
    ));
  if (config().FIRST_ADMIN_EMAIL === link.email) await setPlatformAdmin(personId, now);

  const sessionId = ulid();
  await putSession({ sessionId, personId, createdAt: now.toISOString(), lastSeenAt: now.toISOString() }, idleUntil(now));
  const expiresAt = new Date(now.getTime() + sessionMaxHours * 3600_000);
  const jwt = await new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(personId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secretKey());
  const record = await getPersonRecord(personId);
  if (!record) throw new Error(`Person ${personId} vanished while signing in`);
  return { token: jwt, expiresAt: expiresAt.toISOString(), returnTo: link.returnTo, me: await describe(record) };
}

/**
 * Checks a bearer token: its signature and expiry, then that its session still exists (not
 * signed out) and has not been idle too long. Returns who is asking, with fresh roles.
 */
export async function authenticate(token: string, now = new Date()): Promise<Actor> {
  let personId: string;
  let sessionId: string;
  try {
    const { payload } = await jwtVerify(token, secretKey(), { algorithms: ['HS256'], currentDate: now });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new Error('claims');
    personId = payload.sub;
    sessionId = payload.sid;
  } catch {
    throw new UnauthorizedError('Invalid or expired session token');
  }
  const record = await getPersonRecord(personId);
  const session = record?.sessions.find((s) => s.sessionId === sessionId);
  if (!record || !session) throw new UnauthorizedError('Session ended');
  const lastSeen = Date.parse(session.lastSeenAt);
  if (now.getTime() - lastSeen > config().SESSION_IDLE_MINUTES * 60_000) {
    await deleteSession(personId, sessionId);
    throw new UnauthorizedError('Session idle too long');
  }
  if (now.getTime() - lastSeen > touchAfterMs) await touchSession(personId, sessionId, now, idleUntil(now));
  const { person, memberships } = record;
  return { personId, sessionId, email: person.email, locale: person.locale, platformAdmin: person.platformAdmin, memberships };
}

export async function signOut(actor: Actor): Promise<void> {
  await deleteSession(actor.personId, actor.sessionId);
}

/** Use case: who the signed-in person is and where they belong. */
export async function whoAmI(actor: Actor): Promise<Me> {
  const record = await getPersonRecord(actor.personId);
  if (!record) throw new UnauthorizedError('Person removed');
  return describe(record);
}

async function describe({ person, memberships }: PersonRecord): Promise<Me> {
  const organisations = new Map(
    (await batchGet(memberships.map((m) => organisationKey(m.organisationId)))).map(organisationFromItem).map((o) => [o.id, o]),
  );
  return {
    id: person.id,
    email: person.email,
    name: person.name,
    locale: person.locale,
    platformAdmin: person.platformAdmin,
    memberships: memberships.flatMap((m) => {
      const organisation = organisations.get(m.organisationId);
      if (!organisation) return [];
      const { id, name, kind, status } = organisation;
      return [{ role: m.role, status: m.status, organisation: { id, name, kind, status } }];
    }),
  };
}
