import { ulid } from 'ulid';
import type { MemberInvite, MemberView, OrganisationDetail } from '../../shared/schemas/member.ts';
import type {
  ListOrganisationsQuery,
  Organisation,
  OrganisationDecision,
  OrganisationList,
  OrganisationProposal,
  OrganisationUpdate,
} from '../../shared/schemas/organisation.ts';
import type { Membership, Person } from '../../shared/schemas/person.ts';
import {
  activateMembership,
  addMembership,
  getMembership,
  listMembershipsOfOrganisation,
  removeMembership,
} from '../db/membership.ts';
import { listOfferingIdsOfOrganisation } from '../db/offering.ts';
import {
  createOrganisationWithMember,
  decideOrganisation as saveDecision,
  getOrganisation,
  listOrganisationsByStatus,
  replaceOrganisation,
} from '../db/organisation.ts';
import { createPersonWithIdentity, emailIdentity, findPersonIdByIdentity, getPersons, listPlatformAdmins } from '../db/person.ts';
import { listVenuesOfOrganisation } from '../db/venue.ts';
import { takeFromRateLimit } from '../db/rate-limit.ts';
import { logger } from '../logger.ts';
import { requireActFor, type Actor } from './actor.ts';
import { refreshCatalogueEntry } from './catalogue.ts';
import { ConflictError, ForbiddenError, ResourceNotFoundError, TooManyRequestsError, type FieldProblem } from './errors.ts';
import {
  decisionMail,
  invitationMail,
  joinAnswerMail,
  joinRequestMail,
  proposalMail,
  sendEach,
} from './organisation-mail.ts';
import { requireSaved, requireVersion } from './versioned.ts';

/**
 * Provider organisations and their members. Anyone signed in may propose an organisation (they
 * become its first member) or ask to join an accepted one; a platform admin accepts or rejects
 * proposals; active members (and admins) edit the organisation, let people in, invite
 * colleagues and remove members. An organisation always keeps at least one active member.
 */

const pathId: FieldProblem = { in: 'path', path: ['id'], message: 'notYourOrganisation' };
const notFound = (detailKey: 'organisationNotFound' | 'memberNotFound', field: string) =>
  new ResourceNotFoundError(detailKey, { in: 'path', path: [field], message: 'notFound' });

async function organisationOrThrow(id: string): Promise<Organisation> {
  const found = await getOrganisation(id, { consistent: true });
  if (!found) throw notFound('organisationNotFound', 'id');
  return found;
}

const isActiveMember = (m: Membership) => m.status === 'active' && m.role === 'member';

async function activeMembersOf(organisationId: string): Promise<Person[]> {
  const members = (await listMembershipsOfOrganisation(organisationId)).filter(isActiveMember);
  return [...(await getPersons(members.map((m) => m.personId))).values()];
}

/**
 * Rebuilds the search entries of an organisation's published offerings after a change they
 * show (its name, a venue). A failure is logged, not thrown: the edit is saved, and the daily
 * catalogue upkeep rebuilds any entry missed here.
 */
export async function refreshOfferingsOfOrganisation(organisationId: string, now = new Date()): Promise<void> {
  const ids = await listOfferingIdsOfOrganisation(organisationId, { status: 'published' });
  for (const offeringId of ids) {
    try {
      await refreshCatalogueEntry(offeringId, now);
    } catch (error) {
      logger.error('Could not refresh a catalogue entry after an organisation change', { organisationId, offeringId, error });
    }
  }
}

/** A member invites a few colleagues at a time; this many an hour is plenty and stops a flood. */
export const invitationLimit = { count: 20, windowSeconds: 60 * 60 };

/** Use case: propose an organisation; the proposer becomes its first member and every platform admin is told. */
export async function proposeOrganisation(actor: Actor, input: OrganisationProposal, now = new Date()): Promise<Organisation> {
  const at = now.toISOString();
  const value: Organisation = { id: ulid(), ...input, status: 'pending', version: 1, createdAt: at, updatedAt: at };
  await createOrganisationWithMember(value, { organisationId: value.id, personId: actor.personId, role: 'member', status: 'active', createdAt: at });
  const admins = await listPlatformAdmins();
  await sendEach(admins.map((admin) => proposalMail(admin, value, actor.email)));
  return value;
}

/** Use case: accepted organisations for anyone signed in (to ask to join); pending and rejected ones for admins. */
export async function listOrganisations(actor: Actor, query: ListOrganisationsQuery): Promise<OrganisationList> {
  if (query.status !== 'accepted' && !actor.platformAdmin) {
    throw new ForbiddenError('adminOnly', { in: 'query', path: ['status'], message: 'adminOnlyValue' });
  }
  const found = await listOrganisationsByStatus(query.status);
  return { items: found.map(({ id, name, kind, status, website, createdAt }) => ({ id, name, kind, status, website, createdAt })) };
}

function memberViews(memberships: Membership[], persons: Map<string, Person>): MemberView[] {
  const order = (m: Pick<Membership, 'status'>) => (m.status === 'requested' ? 1 : 0);
  return memberships
    .flatMap((m) => {
      const p = persons.get(m.personId);
      if (!p) return [];
      return [{ personId: m.personId, role: m.role, status: m.status, addedBy: m.addedBy, createdAt: m.createdAt, email: p.email, name: p.name }];
    })
    .sort((a, b) => order(a) - order(b) || a.createdAt.localeCompare(b.createdAt));
}

/** Use case: an organisation with its members, join requests and venues, for its members and admins. */
export async function getOrganisationDetail(actor: Actor, id: string): Promise<OrganisationDetail> {
  requireActFor(actor, id, pathId);
  const [organisation, memberships, venues] = await Promise.all([
    organisationOrThrow(id),
    listMembershipsOfOrganisation(id),
    listVenuesOfOrganisation(id),
  ]);
  const persons = await getPersons(memberships.map((m) => m.personId));
  return {
    ...organisation,
    members: memberViews(memberships, persons),
    venues: venues.sort((a, b) => (a.name.fi ?? a.name.sv ?? a.name.en ?? '').localeCompare(b.name.fi ?? b.name.sv ?? b.name.en ?? '', 'fi')),
  };
}

/** Use case: a member edits the organisation, from the version they read; search shows the new name. */
export async function updateOrganisation(actor: Actor, id: string, input: OrganisationUpdate, now = new Date()): Promise<Organisation> {
  requireActFor(actor, id, pathId);
  const current = await organisationOrThrow(id);
  requireVersion(current, input);
  const next: Organisation = {
    ...current,
    name: input.name,
    kind: input.kind,
    website: input.website,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
  requireSaved(await replaceOrganisation(next, input.version), () => notFound('organisationNotFound', 'id'));
  await refreshOfferingsOfOrganisation(id, now);
  return next;
}

/** Use case (platform admin): accept or reject a pending organisation; its members are told in their languages. */
export async function decideOrganisation(actor: Actor, id: string, input: OrganisationDecision, now = new Date()): Promise<Organisation> {
  const decided = await saveDecision(id, input.status, { by: actor.personId, at: now.toISOString(), message: input.message });
  if (decided === 'missing') throw notFound('organisationNotFound', 'id');
  if (decided === 'decided') throw new ConflictError('organisationAlreadyDecided');
  const members = await activeMembersOf(id);
  await sendEach(members.map((member) => decisionMail(member, decided)));
  return decided;
}

/** Use case: ask to join an accepted organisation; its active members are told. */
export async function requestToJoin(actor: Actor, id: string, now = new Date()): Promise<Membership> {
  const organisation = await getOrganisation(id, { consistent: true });
  if (!organisation || organisation.status !== 'accepted') throw notFound('organisationNotFound', 'id');
  const request: Membership = { organisationId: id, personId: actor.personId, role: 'member', status: 'requested', createdAt: now.toISOString() };
  if (!(await addMembership(request))) throw new ConflictError('alreadyMember');
  const members = await activeMembersOf(id);
  await sendEach(members.map((member) => joinRequestMail(member, organisation, actor.email)));
  return request;
}

async function memberView(membership: Membership): Promise<MemberView> {
  const [view] = memberViews([membership], await getPersons([membership.personId]));
  if (!view) throw new Error(`Member ${membership.personId} has no person`);
  return view;
}

/** Use case: a member lets in a person who asked to join; the person is told. */
export async function acceptMember(actor: Actor, id: string, personId: string): Promise<MemberView> {
  requireActFor(actor, id, pathId);
  const organisation = await organisationOrThrow(id);
  const activated = await activateMembership(personId, id, actor.personId);
  if (activated === 'missing') throw notFound('memberNotFound', 'personId');
  if (activated === 'not-requested') {
    // Already a member: letting them in again changes nothing.
    const current = await getMembership(personId, id);
    if (!current) throw notFound('memberNotFound', 'personId');
    return memberView(current);
  }
  const view = await memberView(activated);
  const [person] = (await getPersons([personId])).values();
  if (person) await sendEach([joinAnswerMail(person, organisation, true)]);
  return view;
}

/**
 * Use case: a member adds a colleague by email. Someone who has never signed in gets an
 * account, in `locale` (or the inviter's language); someone who asked to join is let in.
 */
export async function inviteMember(actor: Actor, id: string, input: MemberInvite, now = new Date()): Promise<MemberView> {
  requireActFor(actor, id, pathId);
  // Each invitation mails an address the member typed: a flood from one account is refused.
  const wait = await takeFromRateLimit(`invite#${actor.personId}`, invitationLimit, now);
  if (wait) throw new TooManyRequestsError(wait);
  const organisation = await organisationOrThrow(id);
  const at = now.toISOString();
  const address = input.email.toLowerCase();
  const identity = emailIdentity(address);
  const personId =
    (await findPersonIdByIdentity(identity)) ??
    (await createPersonWithIdentity(
      { id: ulid(), email: address, locale: input.locale ?? actor.locale, platformAdmin: false, createdAt: at, updatedAt: at },
      identity,
    ));
  const added: Membership = { organisationId: id, personId, role: input.role, status: 'active', addedBy: actor.personId, createdAt: at };
  if (!(await addMembership(added, { replacingRequest: true }))) throw new ConflictError('alreadyMember');
  const view = await memberView(added);
  const [invitee] = (await getPersons([personId])).values();
  if (invitee) await sendEach([invitationMail(invitee, organisation, actor.email)]);
  return view;
}

/**
 * Use case: remove a member or refuse a request to join (a member or admin), or leave or
 * withdraw one's own request. The last active member cannot be removed.
 */
export async function removeMember(actor: Actor, id: string, personId: string): Promise<void> {
  const self = actor.personId === personId;
  if (!self) requireActFor(actor, id, pathId);
  const target = await getMembership(personId, id);
  if (!target) throw notFound('memberNotFound', 'personId');
  let keeping: Membership | undefined;
  if (isActiveMember(target)) {
    keeping = (await listMembershipsOfOrganisation(id)).find((m) => isActiveMember(m) && m.personId !== personId);
    if (!keeping) throw new ConflictError('lastActiveMember');
  }
  if (!(await removeMembership(target, keeping))) throw new ConflictError('membershipChanged');
  if (target.status === 'requested' && !self) {
    const [organisation, persons] = await Promise.all([getOrganisation(id), getPersons([personId])]);
    const asker = persons.get(personId);
    if (organisation && asker) await sendEach([joinAnswerMail(asker, organisation, false)]);
  }
}
