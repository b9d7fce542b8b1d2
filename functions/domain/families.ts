import { createHash, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { messages } from '../../shared/i18n/api.ts';
import type { Locale } from '../../shared/locale.ts';
import type {
  Child,
  ChildInput,
  ChildUpdate,
  Cohort,
  Family,
  FamilyChild,
  FamilySettings,
  FamilyView,
  MyFamily,
} from '../../shared/schemas/godchild.ts';
import { localDateOf } from '../../shared/time.ts';
import { getChildYears } from '../db/child-year.ts';
import { getCohort, getCohortOfBirthYear, listCohorts } from '../db/cohort.ts';
import {
  deleteChild,
  getChild,
  getFamily,
  getFamilyIdOfPerson,
  getFamilyOfPerson,
  getGuardianInvitation,
  joinFamily,
  listChildrenOfFamily,
  putGuardianInvitation,
  putNewChild,
  putNewFamily,
  updateChild,
  updateFamilySettings,
} from '../db/family.ts';
import { listInvitationsOfFamily } from '../db/invitation.ts';
import type { OutboxMessage } from '../db/outbox.ts';
import { getPersons } from '../db/person.ts';
import { takeFromRateLimit } from '../db/rate-limit.ts';
import { listTicketsOfFamily } from '../db/ticket.ts';
import { config } from '../config.ts';
import { renderMail } from '../mail/render.ts';
import type { Actor } from './actor.ts';
import { ConflictError, ForbiddenError, ResourceNotFoundError, TooManyRequestsError, ValidationError, invalidField } from './errors.ts';
import { deliverSoon } from './outbox.ts';
import { staleVersion } from './versioned.ts';

export { getChild, getFamily, getFamilyOfPerson, listChildrenOfCohort, listChildrenOfFamily, pastExperienceAction } from '../db/family.ts';

/**
 * Families of the culture-godchild module. Anyone signed in is a guardian: the family is made
 * with their first child or their first settings, with their address as the family's email and
 * their language as its contact language. Eligibility (a served birth year, a postal code of
 * the municipality) is checked here with a reason the guardian can act on; that the cohort
 * still takes children is checked again by the write. Data minimisation: a child is a birth
 * year, a postal code, home languages and an optional first name.
 */

const familyMissing = () => new ResourceNotFoundError('familyNotFound');
const childMissing = () => new ResourceNotFoundError('childNotFound', { in: 'path', path: ['id'], message: 'notFound' });

/** The calendar year the yearly limit counts in: Helsinki's. */
export const helsinkiYearOf = (now: Date): number => Number(localDateOf(now).slice(0, 4));

/** The signed-in person's family, or a 404 `familyNotFound`: for every family route of the module. */
export async function requireFamily(actor: Pick<Actor, 'personId'>): Promise<Family> {
  const found = await getFamilyOfPerson(actor.personId);
  if (!found) throw familyMissing();
  return found;
}

/** The person's family, made now if they have none (their address and language are the family's). */
async function ensureFamily(actor: Actor, now: Date): Promise<Family> {
  const existing = await getFamilyOfPerson(actor.personId);
  if (existing) return existing;
  const at = now.toISOString();
  const value: Family = {
    id: ulid(),
    guardianIds: [actor.personId],
    email: actor.email,
    locale: actor.locale,
    nonEssentialMail: false,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  if ((await putNewFamily(value)) === 'created') return value;
  // Another request of theirs made it a moment ago.
  return requireFamily(actor);
}

async function familyView(value: Family, now: Date): Promise<FamilyView> {
  const [children, persons] = await Promise.all([listChildrenOfFamily(value.id), getPersons(value.guardianIds)]);
  const year = helsinkiYearOf(now);
  const cohortIds = [...new Set(children.map((c) => c.cohortId))];
  const [cohorts, years] = await Promise.all([Promise.all(cohortIds.map((id) => getCohort(id))), getChildYears(children.map((c) => c.id), year)]);
  const cohortById = new Map(cohorts.filter((c): c is Cohort => c !== undefined).map((c) => [c.id, c]));
  return {
    family: value,
    guardians: value.guardianIds.flatMap((personId) => {
      const person = persons.get(personId);
      return person ? [{ personId, email: person.email }] : [];
    }),
    children: children
      .sort((a, b) => a.birthYear - b.birthYear || a.createdAt.localeCompare(b.createdAt))
      .flatMap((c) => {
        const cohort = cohortById.get(c.cohortId);
        return cohort ? [withCohort(c, cohort, years.get(c.id)?.used ?? 0, year)] : [];
      }),
  };
}

const withCohort = (value: Child, cohort: Cohort, used: number, year: number): FamilyChild => ({
  ...value,
  cohort: { id: cohort.id, birthYear: cohort.birthYear, yearlyLimit: cohort.yearlyLimit, active: cohort.active },
  thisYear: { year, used, limit: cohort.yearlyLimit },
});

/** Use case: the signed-in person's family with its children and guardians; `null` before they have one. */
export async function viewMyFamily(actor: Actor, now = new Date()): Promise<MyFamily> {
  const found = await getFamilyOfPerson(actor.personId);
  return { family: found ? await familyView(found, now) : null };
}

/** Use case: the family's contact language and whether it gets non-essential mail; makes the family if needed. */
export async function saveFamilySettings(actor: Actor, input: FamilySettings, now = new Date()): Promise<FamilyView> {
  const current = await ensureFamily(actor, now);
  const outcome = await updateFamilySettings(current.id, input, input.version, now);
  if ('refused' in outcome) {
    if (outcome.refused === 'stale') throw staleVersion();
    throw familyMissing();
  }
  return familyView(outcome.saved, now);
}

const postalCodeServed = (cohort: Cohort, postalCode: string) => cohort.postalCodes.some((rule) => postalCode.startsWith(rule));

/** A 400 on `birthYear` that names the birth years served, in the reader's language. */
async function birthYearNotServed(birthYear: number, locale: Locale): Promise<ValidationError> {
  const served = (await listCohorts()).filter((c) => c.active).map((c) => c.birthYear);
  return invalidField(['birthYear'], messages(locale).eligibility.birthYearNotServed(birthYear, served));
}

/** The cohort of a birth year, if it takes children. */
async function servedCohortOf(birthYear: number, locale: Locale): Promise<Cohort> {
  const found = await getCohortOfBirthYear(birthYear);
  if (found?.active) return found;
  throw await birthYearNotServed(birthYear, locale);
}

/** Use case: register a child in the cohort of its birth year; makes the family if needed. */
export async function registerChild(actor: Actor, input: ChildInput, locale: Locale, now = new Date()): Promise<FamilyChild> {
  const cohort = await servedCohortOf(input.birthYear, locale);
  if (!postalCodeServed(cohort, input.postalCode)) throw invalidField(['postalCode'], 'postalCodeNotInMunicipality');
  const family = await ensureFamily(actor, now);
  const at = now.toISOString();
  const value: Child = {
    id: ulid(),
    familyId: family.id,
    cohortId: cohort.id,
    birthYear: input.birthYear,
    postalCode: input.postalCode,
    homeLanguages: [...new Set(input.homeLanguages)],
    ...(input.firstName ? { firstName: input.firstName } : {}),
    pastExperiences: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const outcome = await putNewChild(value);
  if (outcome === 'familyGone') throw familyMissing();
  if (outcome === 'cohortClosed') throw await birthYearNotServed(input.birthYear, locale);
  const year = helsinkiYearOf(now);
  return withCohort(value, cohort, 0, year);
}

async function childOfMyFamily(actor: Actor, childId: string): Promise<{ family: Family; child: Child }> {
  const family = await requireFamily(actor);
  const found = await getChild(family.id, childId);
  if (!found) throw childMissing();
  return { family, child: found };
}

/** Use case: edit a child's postal code, home languages or first name, from the version read; the birth year is fixed. */
export async function editChild(actor: Actor, childId: string, input: ChildUpdate, now = new Date()): Promise<FamilyChild> {
  const { family, child: current } = await childOfMyFamily(actor, childId);
  if (input.birthYear !== undefined && input.birthYear !== current.birthYear) throw invalidField(['birthYear'], 'birthYearFixed');
  const cohort = await getCohort(current.cohortId);
  if (!cohort) throw new Error(`Child ${childId} names a missing cohort`);
  if (!postalCodeServed(cohort, input.postalCode)) throw invalidField(['postalCode'], 'postalCodeNotInMunicipality');
  const outcome = await updateChild({
    familyId: family.id,
    childId,
    fields: { postalCode: input.postalCode, homeLanguages: [...new Set(input.homeLanguages)], firstName: input.firstName },
    expectedVersion: input.version,
    now,
  });
  if ('refused' in outcome) {
    if (outcome.refused === 'stale') throw staleVersion();
    throw childMissing();
  }
  const year = helsinkiYearOf(now);
  const used = (await getChildYears([childId], year)).get(childId)?.used ?? 0;
  return withCohort(outcome.saved, cohort, used, year);
}

/**
 * Use case: remove a child from the programme, which erases what is stored of it. Refused while
 * it holds a ticket not yet used or an invitation still offered, or has used any of this year's
 * limit. The write itself checks the last (a ticket written at the same moment uses the limit);
 * the first two are read just before.
 */
export async function removeChild(actor: Actor, childId: string, now = new Date()): Promise<void> {
  const { family } = await childOfMyFamily(actor, childId);
  const [tickets, invitations] = await Promise.all([listTicketsOfFamily(family.id), listInvitationsOfFamily(family.id)]);
  if (tickets.some((t) => t.status === 'valid' && !t.usedAt && t.childIds.includes(childId))) throw new ConflictError('childHasExperiences');
  if (invitations.some((i) => i.status === 'offered' && i.childIds.includes(childId))) throw new ConflictError('childHasExperiences');
  const outcome = await deleteChild(family.id, childId, helsinkiYearOf(now));
  if (outcome === 'missing') throw childMissing();
  if (outcome === 'hasExperiences') throw new ConflictError('childHasExperiences');
}

/** A guardian invites one second guardian, rarely more than a couple of times: this stops a flood of mail. */
export const guardianInvitationLimit = { count: 10, windowSeconds: 60 * 60 };
/** A second guardian's link works this long. */
export const guardianInvitationDays = 7;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** Where the emailed link opens: the accept page of the web app. */
export const guardianInvitationPath = (locale: Locale, token: string) => `/${locale}/family/guardian-invitation?token=${encodeURIComponent(token)}`;

function guardianInvitationMessage(to: string, locale: Locale, inviter: string, token: string, validUntil: string, now: Date): OutboxMessage {
  const t = messages(locale).mail.guardianInvited;
  const url = new URL(guardianInvitationPath(locale, token), config().PUBLIC_URL).toString();
  const mail = renderMail(to, locale, {
    subject: t.subject,
    paragraphs: [t.intro(inviter), t.validUntil(validUntil)],
    action: { label: t.action, url },
    notes: [t.howToSignIn, t.notExpected],
  });
  return { id: ulid(), createdAt: now.toISOString(), about: 'guardian-invitation', mail, attempts: 0 };
}

/**
 * Use case: invite a second guardian by email. The link carries a random token (stored only as
 * its hash) that works for 7 days; a family has at most two guardians. The email is in the
 * family's contact language.
 */
export async function inviteSecondGuardian(actor: Actor, input: { email: string }, now = new Date()): Promise<{ email: string; validUntil: string }> {
  const family = await ensureFamily(actor, now);
  if (family.guardianIds.length >= 2) throw new ConflictError('familyHasTwoGuardians');
  const guardians = await getPersons(family.guardianIds);
  if ([...guardians.values()].some((p) => p.email.toLowerCase() === input.email)) throw invalidField(['email'], 'alreadyGuardian');
  const wait = await takeFromRateLimit(`guardian-invite#${actor.personId}`, guardianInvitationLimit, now);
  if (wait) throw new TooManyRequestsError(wait);
  const token = randomBytes(32).toString('base64url');
  const validUntil = new Date(now.getTime() + guardianInvitationDays * 86_400_000).toISOString();
  const message = guardianInvitationMessage(input.email, family.locale, actor.email, token, validUntil, now);
  await putGuardianInvitation(sha256(token), { familyId: family.id, email: input.email, invitedBy: actor.personId, validUntil, createdAt: now.toISOString() }, message);
  await deliverSoon([message.id]);
  return { email: input.email, validUntil };
}

const invitationInvalid = () => new ValidationError([{ in: 'path', path: ['token'], message: 'guardianInvitationInvalid' }]);

/**
 * Use case: the invited person, signed in with the address the link was sent to, joins the
 * family. A person who is already a guardian in another family is refused (409); accepting
 * again once joined just shows the family.
 */
export async function acceptGuardianInvitation(actor: Actor, token: string, now = new Date()): Promise<FamilyView> {
  const tokenHash = sha256(token);
  const invitation = await getGuardianInvitation(tokenHash);
  if (!invitation || Date.parse(invitation.validUntil) <= now.getTime()) throw invitationInvalid();
  if (invitation.email.toLowerCase() !== actor.email.toLowerCase()) {
    throw new ForbiddenError('guardianInvitationForAnotherAddress', { in: 'path', path: ['token'], message: 'guardianInvitationForAnotherAddress' });
  }
  const mine = await getFamilyIdOfPerson(actor.personId);
  if (mine && mine !== invitation.familyId) throw new ConflictError('alreadyInAnotherFamily');
  if (!mine) {
    const outcome = await joinFamily({ tokenHash, familyId: invitation.familyId, personId: actor.personId, now });
    if (outcome === 'invitationGone') throw invitationInvalid();
    if (outcome === 'familyFull') throw new ConflictError('familyHasTwoGuardians');
    if (outcome === 'alreadyInFamily' && (await getFamilyIdOfPerson(actor.personId)) !== invitation.familyId) throw new ConflictError('alreadyInAnotherFamily');
  }
  const joined = await getFamily(invitation.familyId, { consistent: true });
  if (!joined) throw familyMissing();
  return familyView(joined, now);
}
