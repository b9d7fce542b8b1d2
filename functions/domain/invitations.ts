import { randomInt } from 'node:crypto';
import { ulid } from 'ulid';
import type { ApiMessages as Messages } from '../../shared/i18n/api.ts';
import type { Child, Family, Invitation, Preferences, Round, Ticket } from '../../shared/schemas/godchild.ts';
import { personsFor } from '../../shared/schemas/godchild.ts';
import type { Locale } from '../../shared/locale.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import type { FamilyRound, InvitationView, PublicInvitationView } from '../../shared/schemas/round-views.ts';
import type { Venue } from '../../shared/schemas/venue.ts';
import { localDateOf } from '../../shared/time.ts';
import { getChildYears, useYearlyAllowanceAction } from '../db/child-year.ts';
import { getCohort } from '../db/cohort.ts';
import { getFamily, listChildrenOfFamily, pastExperienceAction } from '../db/family.ts';
import {
  answerInvitationAction,
  findInvitationByCode,
  getInvitation,
  listInvitationsOfFamily,
  listWaitlist,
  releaseInvitation,
  writeNewInvitation,
} from '../db/invitation.ts';
import { getOccurrence, getOfferingWithOccurrences } from '../db/offering.ts';
import { tableName } from '../db/client.ts';
import { outboxToItem } from '../db/outbox.ts';
import { takeFromRateLimit } from '../db/rate-limit.ts';
import { occurrenceUpcomingCheck } from '../db/seats.ts';
import { transaction } from '../db/transact.ts';
import { getPreferences, getRound, listRoundsOfCohort, putPreferences } from '../db/round.ts';
import { putTicketAction, ticketRefAction } from '../db/ticket.ts';
import { getVenues } from '../db/venue.ts';
import type { Actor } from './actor.ts';
import { helsinkiYearOf, venueIdOf } from './allocation.ts';
import { pauseAfterLostRace } from './enrol.ts';
import { placeOf } from './enrolment-mail.ts';
import { ConflictError, RefusedError, ResourceNotFoundError, TooManyRequestsError } from './errors.ts';
import { requireFamily } from './families.ts';
import { ticketCodeOf, ticketQrSvg } from './ticket-code.ts';
import { invitationMessage, ticketMessage, type ExperienceDetails } from './godchild-mail.ts';
import { deliverSoon } from './outbox.ts';

/**
 * Invitations of allocation rounds: families accept (a ticket, in one transaction with the
 * yearly allowance) or decline; declined and lapsed seats are released in the transaction of
 * the status change and then offered to the first family on the round's waitlist they fit.
 * Guardians act on their family's invitations; a letter's holder acts by its accept code.
 */

/** Ten characters of an alphabet without look-alikes (no I, O, 0, 1): about 50 bits, typed from a letter. */
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const acceptCode = (): string => Array.from({ length: 10 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
export const pauseAfterContention = pauseAfterLostRace;
const maxAttempts = 30;

export type InvitationRefusal = 'expired' | 'answered' | 'cancelled' | 'yearly-limit' | 'event-group';
const refusalDetails: Record<InvitationRefusal, keyof Messages['problems']> = {
  expired: 'invitationExpired',
  answered: 'invitationAnswered',
  cancelled: 'invitationCancelled',
  'yearly-limit': 'invitationYearlyLimitReached',
  'event-group': 'invitationEventGroupTaken',
};

/** An invitation that cannot be accepted or declined as asked; `reason` says why. */
export class InvitationRefusedError extends RefusedError<InvitationRefusal> {
  readonly type = 'conflict';
  constructor(reason: InvitationRefusal) {
    super('Invitation', reason, refusalDetails[reason]);
  }
}

function refusalFor(value: Invitation, now: Date): InvitationRefusedError | undefined {
  if (value.status === 'cancelled') return new InvitationRefusedError('cancelled');
  if (value.status === 'accepted' || value.status === 'declined') return new InvitationRefusedError('answered');
  if (value.status === 'expired' || Date.parse(value.respondBy) <= now.getTime()) return new InvitationRefusedError('expired');
  return undefined;
}

/**
 * Reads (once per use) what invitation pages and emails say: the offering and its
 * occurrences, their venues, the round's name and the family's children.
 */
export function invitationContext() {
  const offerings = new Map<string, Promise<{ offering: Offering; occurrences: Occurrence[] } | undefined>>();
  const venues = new Map<string, Venue>();
  const rounds = new Map<string, Promise<Round | undefined>>();
  const children = new Map<string, Promise<Child[]>>();
  const offeringOf = (id: string) => {
    if (!offerings.has(id)) offerings.set(id, getOfferingWithOccurrences(id));
    return offerings.get(id)!;
  };
  async function occurrence(offeringId: string, occurrenceId: string) {
    const found = await offeringOf(offeringId);
    const value = found?.occurrences.find((o) => o.id === occurrenceId);
    if (!found || !value) return undefined;
    const venueId = venueIdOf(found.offering, value);
    if (venueId && !venues.has(venueId)) for (const [id, v] of await getVenues([venueId])) venues.set(id, v);
    return { offering: found.offering, occurrence: value };
  }
  async function details(value: Invitation, locale: Locale): Promise<ExperienceDetails & { roundName: Round['name'] }> {
    const found = await occurrence(value.offeringId, value.occurrenceId);
    if (!rounds.has(value.roundId)) rounds.set(value.roundId, getRound(value.roundId));
    if (!children.has(value.familyId)) children.set(value.familyId, listChildrenOfFamily(value.familyId));
    const [round, kids] = await Promise.all([rounds.get(value.roundId)!, children.get(value.familyId)!]);
    const byId = new Map(kids.map((c) => [c.id, c]));
    return {
      roundName: round?.name ?? {},
      title: found?.offering.title ?? {},
      start: found?.occurrence.start ?? value.createdAt,
      end: found?.occurrence.end ?? value.createdAt,
      place: found ? placeOf(found.offering, found.occurrence, venues, locale) : '',
      children: value.childIds.map((id) => {
        const firstName = byId.get(id)?.firstName;
        return firstName ? { id, firstName } : { id };
      }),
    };
  }
  async function view(value: Invitation, locale: Locale): Promise<InvitationView> {
    const { acceptCode: _code, ...rest } = value;
    const d = await details(value, locale);
    return { ...rest, roundName: d.roundName, title: d.title, start: d.start, end: d.end, place: d.place, children: d.children as InvitationView['children'] };
  }
  return { occurrence, details, view, forget: (offeringId: string) => offerings.delete(offeringId) };
}

/**
 * Accepts an offered invitation in one TransactWriteItems: the status (only while offered and
 * before its deadline), the occurrence (neither cancelled nor begun), each child's yearly allowance (the occurrence's Helsinki year, the
 * cohort's limit, the experience's event group), each child's past experiences, the ticket and
 * its email with the QR code. Two accepts racing for one invitation make one ticket.
 */
export async function acceptInvitation(value: Invitation, now = new Date()): Promise<Invitation> {
  const early = refusalFor(value, now);
  if (early) throw early;
  const context = invitationContext();
  const [found, cohort, family] = await Promise.all([
    context.occurrence(value.offeringId, value.occurrenceId),
    getCohort(value.cohortId),
    getFamily(value.familyId, { consistent: true }),
  ]);
  if (!found || !cohort || !family) throw new InvitationRefusedError('cancelled');
  const { offering, occurrence } = found;
  // Nothing to go to: the provider cancelled the occurrence, or it began before the answer.
  const occurrenceRefusal = (o: Pick<Occurrence, 'cancelled' | 'start'> | undefined) =>
    !o || o.cancelled ? new InvitationRefusedError('cancelled') : Date.parse(o.start) <= now.getTime() ? new InvitationRefusedError('expired') : undefined;
  const gone = occurrenceRefusal(occurrence);
  if (gone) throw gone;
  const year = helsinkiYearOf(occurrence.start);
  const eventGroup = offering.godchild?.eventGroup;
  const venueId = venueIdOf(offering, occurrence);

  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await pauseAfterContention(attempt);
    const ticket: Ticket = {
      id: ulid(),
      cohortId: value.cohortId,
      familyId: value.familyId,
      childIds: value.childIds,
      offeringId: value.offeringId,
      occurrenceId: value.occurrenceId,
      organisationId: offering.organisationId,
      ...(venueId ? { venueId } : {}),
      persons: value.persons,
      source: 'round',
      invitationId: value.id,
      status: 'valid',
      createdAt: now.toISOString(),
    };
    const details = await context.details(value, family.locale);
    const message = await ticketMessage(family, ticket, details, now);
    const { add, write } = transaction<'invitation' | 'occurrence' | 'allowance' | 'other'>();
    add('invitation', answerInvitationAction(value, 'accepted', now, { ticketId: ticket.id }));
    add('occurrence', occurrenceUpcomingCheck(value.offeringId, value.occurrenceId, now));
    for (const childId of value.childIds) add('allowance', useYearlyAllowanceAction({ childId, year, limit: cohort.yearlyLimit, ...(eventGroup ? { eventGroup } : {}) }));
    for (const childId of value.childIds) add('other', pastExperienceAction(value.familyId, childId));
    add('other', putTicketAction(ticket, { day: localDateOf(new Date(occurrence.start)), start: occurrence.start }));
    add('other', ticketRefAction(ticket));
    if (message) add('other', { Put: { TableName: tableName(), Item: outboxToItem(message), ConditionExpression: 'attribute_not_exists(pk)' } });

    const outcome = await write();
    if (outcome === 'written') {
      if (message) await deliverSoon([message.id]);
      return { ...value, status: 'accepted', ticketId: ticket.id, answeredAt: now.toISOString() };
    }
    if (outcome.first === 'invitation') {
      const current = await getInvitation(value.roundId, value.id);
      throw (current && refusalFor(current, now)) ?? new InvitationRefusedError('answered');
    }
    if (outcome.first === 'occurrence') throw occurrenceRefusal(await getOccurrence(value.offeringId, value.occurrenceId)) ?? new InvitationRefusedError('cancelled');
    if (outcome.first === 'allowance') {
      const years = await getChildYears(value.childIds, year);
      const groupTaken = eventGroup !== undefined && [...years.values()].some((y) => y.eventGroups.includes(eventGroup));
      throw new InvitationRefusedError(groupTaken ? 'event-group' : 'yearly-limit');
    }
    if (outcome.first === 'other') throw new InvitationRefusedError('cancelled');
  }
  throw new Error(`Accepting invitation ${value.id} met contention ${maxAttempts} times`);
}

/** Declines an offered invitation and gives its seats back in the same transaction, then offers them on. */
export async function declineInvitation(value: Invitation, now = new Date()): Promise<Invitation> {
  const early = refusalFor(value, now);
  if (early) throw early;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await pauseAfterContention(attempt);
    const outcome = await releaseInvitation(value, 'declined', now);
    if (outcome === 'written') {
      await offerFreedSeats(value.roundId, value.offeringId, value.occurrenceId, now);
      return { ...value, status: 'declined', answeredAt: now.toISOString() };
    }
    if (outcome.refused === 'status') {
      const current = await getInvitation(value.roundId, value.id);
      throw (current && refusalFor(current, now)) ?? new InvitationRefusedError('answered');
    }
  }
  throw new Error(`Declining invitation ${value.id} met contention ${maxAttempts} times`);
}

/** The expiry job's step: an offered invitation past its deadline lapses, its seats released and offered on. */
export async function expireInvitation(roundId: string, id: string, now = new Date()): Promise<boolean> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await pauseAfterContention(attempt);
    const value = await getInvitation(roundId, id);
    if (!value || value.status !== 'offered' || Date.parse(value.respondBy) > now.getTime()) return false;
    const outcome = await releaseInvitation(value, 'expired', now);
    if (outcome === 'written') {
      await offerFreedSeats(value.roundId, value.offeringId, value.occurrenceId, now);
      return true;
    }
    if (outcome.refused === 'status') return false;
  }
  return false;
}

/**
 * Offers an occurrence's free seats to the round's waitlist, in order: the first family whose
 * party fits the free seats and whose hard rules hold (accessibility needs, event group, yearly
 * allowance) gets an invitation held `offerHoldHours`, written with its seats taken and its
 * waitlist entry removed in one transaction; then the next, while seats remain. Only while the
 * round is committed: after it closes, free seats are first-come.
 */
export async function offerFreedSeats(roundId: string, offeringId: string, occurrenceId: string, now = new Date()): Promise<number> {
  const round = await getRound(roundId);
  if (!round || round.status !== 'committed') return 0;
  const cohort = await getCohort(round.cohortId);
  const found = await getOfferingWithOccurrences(offeringId);
  if (!cohort || !found?.offering.godchild) return 0;
  const { offering } = found;
  const invite = offering.godchild!.invite;
  const eventGroup = offering.godchild!.eventGroup;
  let offered = 0;
  const passedOver = new Set<string>();
  const context = invitationContext();
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const occurrence = await getOccurrence(offeringId, occurrenceId);
    if (!occurrence || occurrence.cancelled || Date.parse(occurrence.start) <= now.getTime()) return offered;
    const free = occurrence.capacity.total - occurrence.seatsTaken;
    if (free <= 0) return offered;
    const venueId = venueIdOf(offering, occurrence);
    const venue = venueId ? (await getVenues([venueId])).get(venueId) : undefined;
    const year = helsinkiYearOf(occurrence.start);

    let chosen: { entry: Awaited<ReturnType<typeof listWaitlist>>[number]; persons: number; family: Family } | undefined;
    for (const entry of await listWaitlist(roundId)) {
      if (passedOver.has(entry.familyId)) continue;
      const persons = personsFor({ children: entry.childIds.length, guardians: entry.guardians, otherChildren: entry.otherChildren }, invite);
      if (persons > free) continue;
      if (!entry.accessibilityNeeds.every((need) => (venue?.accessibility as string[] | undefined)?.includes(need))) continue;
      const years = await getChildYears(entry.childIds, year);
      const allowed = [...years.values()].every((y) => y.used < cohort.yearlyLimit && !(eventGroup && y.eventGroups.includes(eventGroup)));
      if (!allowed) continue;
      const family = await getFamily(entry.familyId);
      if (!family) {
        passedOver.add(entry.familyId);
        continue;
      }
      chosen = { entry, persons, family };
      break;
    }
    if (!chosen) return offered;

    const { entry, persons, family } = chosen;
    const value: Invitation = {
      id: ulid(),
      roundId,
      cohortId: round.cohortId,
      familyId: entry.familyId,
      childIds: entry.childIds,
      offeringId,
      occurrenceId,
      persons,
      status: 'offered',
      source: 'waitlist',
      respondBy: new Date(now.getTime() + round.offerHoldHours * 3_600_000).toISOString(),
      acceptCode: acceptCode(),
      delivery: family.email ? 'email' : 'letter',
      createdAt: now.toISOString(),
    };
    const message = invitationMessage(family, value, await context.details(value, family.locale), now);
    const outcome = await writeNewInvitation({
      invitation: value,
      take: { occurrenceId, seats: persons, capacityTotal: occurrence.capacity.total },
      fromWaitlist: entry,
      ...(message ? { outbox: message } : {}),
    });
    if (outcome === 'written') {
      offered++;
      if (message) await deliverSoon([message.id]);
      continue;
    }
    // The entry was offered by another release, or the seats moved: read both again.
    await pauseAfterContention(attempt + 1);
  }
  return offered;
}

// The guardian's use cases.

async function familyChildrenOf(family: Family): Promise<Child[]> {
  return listChildrenOfFamily(family.id);
}

const labelOf = (c: Child) => (c.firstName ? { id: c.id, firstName: c.firstName } : { id: c.id });

/** Use case (guardian): the open rounds of the family's cohorts, with what the family has stated. */
export async function listFamilyRounds(actor: Actor, now = new Date()): Promise<{ items: FamilyRound[] }> {
  const family = await requireFamily(actor);
  const children = await familyChildrenOf(family);
  const cohortIds = [...new Set(children.map((c) => c.cohortId))];
  const items: FamilyRound[] = [];
  for (const cohortId of cohortIds) {
    for (const round of await listRoundsOfCohort(cohortId)) {
      if (round.status !== 'open') continue;
      items.push(await familyRoundOf(round, family, children, now));
    }
  }
  return { items };
}

async function familyRoundOf(round: Round, family: Family, children: Child[], now: Date): Promise<FamilyRound> {
  const preferences = (await getPreferences(round.id, family.id)) ?? null;
  return {
    round: { id: round.id, cohortId: round.cohortId, name: round.name, status: round.status, preferencesDeadline: round.preferencesDeadline },
    acceptsPreferences: round.status === 'open' && Date.parse(round.preferencesDeadline) > now.getTime(),
    preferences,
    children: children.filter((c) => c.cohortId === round.cohortId).map(labelOf),
  };
}

/** A round of one of the family's cohorts, or a 404 as if it did not exist. */
async function familysRound(family: Family, roundId: string): Promise<{ round: Round; children: Child[] }> {
  const round = await getRound(roundId);
  const children = await familyChildrenOf(family);
  if (!round || !children.some((c) => c.cohortId === round.cohortId)) {
    throw new ResourceNotFoundError('roundNotFound', { in: 'path', path: ['id'], message: 'notFound' });
  }
  return { round, children };
}

export async function getFamilyRound(actor: Actor, roundId: string, now = new Date()): Promise<FamilyRound> {
  const family = await requireFamily(actor);
  const { round, children } = await familysRound(family, roundId);
  return familyRoundOf(round, family, children, now);
}

/** Use case (guardian): states or replaces the family's preferences, until the round's deadline. */
export async function saveFamilyPreferences(actor: Actor, roundId: string, input: Preferences, now = new Date()): Promise<FamilyRound> {
  const family = await requireFamily(actor);
  const { round, children } = await familysRound(family, roundId);
  const value: Preferences = {
    ...input,
    languages: [...new Set(input.languages)],
    areas: [...new Set(input.areas)],
    weekdays: [...new Set(input.weekdays)],
    timesOfDay: [...new Set(input.timesOfDay)],
    accessibilityNeeds: [...new Set(input.accessibilityNeeds)],
  };
  if (!(await putPreferences(round.id, family.id, value, now))) throw new ConflictError('preferencesClosed');
  return familyRoundOf(round, family, children, now);
}

/** Use case (guardian): the family's invitations, newest first. */
export async function listFamilyInvitations(actor: Actor, locale: Locale): Promise<{ items: InvitationView[] }> {
  const family = await requireFamily(actor);
  const context = invitationContext();
  const invitations = (await listInvitationsOfFamily(family.id)).reverse();
  return { items: await Promise.all(invitations.map((i) => context.view(i, locale))) };
}

/** The family's own invitation, or a 404 that tells nothing of anyone else's. */
async function familysInvitation(actor: Actor, id: string): Promise<Invitation> {
  const family = await requireFamily(actor);
  const found = (await listInvitationsOfFamily(family.id)).find((i) => i.id === id);
  if (!found) throw new ResourceNotFoundError('invitationNotFound', { in: 'path', path: ['id'], message: 'notFound' });
  // The index is eventually consistent: decide on the item itself.
  return (await getInvitation(found.roundId, found.id)) ?? found;
}

export async function acceptFamilyInvitation(actor: Actor, id: string, locale: Locale, now = new Date()): Promise<InvitationView> {
  const accepted = await acceptInvitation(await familysInvitation(actor, id), now);
  return invitationContext().view(accepted, locale);
}

export async function declineFamilyInvitation(actor: Actor, id: string, locale: Locale, now = new Date()): Promise<InvitationView> {
  const declined = await declineInvitation(await familysInvitation(actor, id), now);
  return invitationContext().view(declined, locale);
}

// By a letter's accept code (public).

/** Tries of codes per client: plenty for a family mistyping, far too few to guess a 50-bit code. */
export const acceptCodeLimit = { count: 30, windowSeconds: 3600 };

async function invitationOfCode(code: string, client: string | undefined, now: Date): Promise<Invitation> {
  const wait = await takeFromRateLimit(`accept-code#${client ?? 'unknown'}`, acceptCodeLimit, now);
  if (wait !== undefined) throw new TooManyRequestsError(wait);
  const ref = await findInvitationByCode(code.toUpperCase());
  const found = ref && (await getInvitation(ref.roundId, ref.invitationId));
  if (!found) throw new ResourceNotFoundError('invitationNotFound', { in: 'path', path: ['code'], message: 'acceptCodeUnknown' });
  return found;
}

/** The view by a letter's code: no ids beyond the invitation's own, and the ticket to print once accepted. */
async function publicView(value: Invitation, locale: Locale): Promise<PublicInvitationView> {
  const { familyId, childIds, cohortId, roundId, offeringId, occurrenceId, ticketId, ...shown } = await invitationContext().view(value, locale);
  void [familyId, childIds, cohortId, roundId, offeringId, occurrenceId];
  return value.status === 'accepted' && ticketId ? { ...shown, ticket: { code: ticketCodeOf(ticketId), qrSvg: await ticketQrSvg(ticketId) } } : shown;
}

export async function viewInvitationByCode(code: string, client: string | undefined, locale: Locale, now = new Date()): Promise<PublicInvitationView> {
  return publicView(await invitationOfCode(code, client, now), locale);
}

export async function acceptInvitationByCode(code: string, client: string | undefined, locale: Locale, now = new Date()): Promise<PublicInvitationView> {
  return publicView(await acceptInvitation(await invitationOfCode(code, client, now), now), locale);
}

export async function declineInvitationByCode(code: string, client: string | undefined, locale: Locale, now = new Date()): Promise<PublicInvitationView> {
  return publicView(await declineInvitation(await invitationOfCode(code, client, now), now), locale);
}
