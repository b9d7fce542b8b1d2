import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { pickText, type Locale } from '../../shared/locale.ts';
import { personsFor, type Child, type Cohort, type Ticket } from '../../shared/schemas/godchild.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import {
  firstComeAnswer,
  type FamilyExperiences,
  type FirstComeAnswer,
  type FirstComeRefusal,
  type FirstComeRequest,
} from '../../shared/schemas/tickets.ts';
import type { ApiMessages as Messages } from '../../shared/i18n/api.ts';
import { localDateOf } from '../../shared/time.ts';
import { getChildYears } from '../db/child-year.ts';
import { getCohort } from '../db/cohort.ts';
import { getIdempotencyRecord, putIdempotencyRecord, type IdempotencyRecord } from '../db/enrolment.ts';
import { writeFirstComeTicket } from '../db/first-come.ts';
import { getOfferingWithOccurrences } from '../db/offering.ts';
import { listRoundsOfCohort } from '../db/round.ts';
import type { Actor } from './actor.ts';
import { listExperiencesOfCohort } from './cohorts.ts';
import { pauseAfterLostRace, venuesOf } from './enrol.ts';
import { placeOf } from './enrolment-mail.ts';
import { ConflictError, RefusedError, ResourceNotFoundError, ValidationError, type FieldProblem } from './errors.ts';
import { helsinkiYearOf, listChildrenOfFamily, pastExperienceAction, requireFamily } from './families.ts';
import { ticketMessage } from './godchild-mail.ts';
import { deliverSoon } from './outbox.ts';
import { allowanceYearOf } from './tickets.ts';

/**
 * First-come enrolment: once no round of a cohort is open or committed, a family may take the
 * leftover seats of the cohort's experiences for its own children of that cohort. The seats,
 * each child's yearly limit and event group, one ticket per child and occurrence and the ticket
 * itself move in one transaction; a lost race reads again and decides anew.
 */

/** A first-come enrolment answered with no; `reason` says why, `detail` words it. */
export class FirstComeRefusedError extends RefusedError<FirstComeRefusal> {
  readonly type = 'enrolment-refused';
  constructor(reason: FirstComeRefusal) {
    super('First-come enrolment', reason, refusalDetails[reason]);
  }
}

const refusalDetails: Record<FirstComeRefusal, keyof Messages['problems']> = {
  full: 'firstComeFull',
  'yearly-limit': 'yearlyLimitUsed',
  'event-group': 'eventGroupTaken',
  'already-enrolled': 'childAlreadyEnrolled',
  'round-in-progress': 'roundInProgress',
  closed: 'enrolmentClosed',
  cancelled: 'enrolmentOccurrenceCancelled',
};

/** A round open for preferences or committed (invitations out) holds the cohort's seats for it. */
export async function firstComeOpenFor(cohortId: string): Promise<boolean> {
  const rounds = await listRoundsOfCohort(cohortId);
  return !rounds.some((r) => r.status === 'open' || r.status === 'committed');
}

const seatsFree = (o: Occurrence) => Math.max(0, o.capacity.total - o.seatsTaken);
const body = (path: PropertyKey[], message: string): FieldProblem => ({ in: 'body', path, message });
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
/** As for enrolments (enrol.ts): the function's time limit is the real bound on retrying a lost race. */
const maxAttempts = 400;

type Plan = { kind: 'refused'; reason: FirstComeRefusal } | { kind: 'write'; persons: number; year: number };

/** The rules on the state read: which children, then the occurrence, the seats and each child's allowance. */
export function planFirstCome(
  input: FirstComeRequest,
  state: { offering: Offering; occurrence: Occurrence; cohort: Cohort; children: Child[]; years: Map<string, { used: number; eventGroups: string[] }>; open: boolean },
  now: Date,
): Plan {
  const target = state.offering.godchild!;
  const fields: FieldProblem[] = [];
  input.childIds.forEach((id, i) => {
    const child = state.children.find((c) => c.id === id);
    if (!child) fields.push(body(['childIds', i], 'notYourChild'));
    else if (child.cohortId !== target.cohortId) fields.push(body(['childIds', i], 'childNotInCohort'));
  });
  if (fields.length > 0) throw new ValidationError(fields);
  if (!state.open) return { kind: 'refused', reason: 'round-in-progress' };
  const { occurrence } = state;
  if (occurrence.cancelled) return { kind: 'refused', reason: 'cancelled' };
  if (Date.parse(occurrence.start) <= now.getTime()) return { kind: 'refused', reason: 'closed' };
  const persons = personsFor({ children: input.childIds.length, guardians: input.guardians, otherChildren: input.otherChildren }, target.invite);
  if (occurrence.capacity.unit !== 'persons' || seatsFree(occurrence) < persons) return { kind: 'refused', reason: 'full' };
  for (const id of input.childIds) {
    const year = state.years.get(id);
    if ((year?.used ?? 0) >= state.cohort.yearlyLimit) return { kind: 'refused', reason: 'yearly-limit' };
    if (target.eventGroup && year?.eventGroups.includes(target.eventGroup)) return { kind: 'refused', reason: 'event-group' };
  }
  return { kind: 'write', persons, year: allowanceYearOf(occurrence.start) };
}

/**
 * Use case: a guardian enrols children of their family in an occurrence of an experience, first
 * come first served. With an Idempotency-Key the first answer (a ticket or a refusal) is kept
 * and given again to a retry.
 */
export async function enrolFirstCome(
  actor: Actor,
  path: { offeringId: string; occurrenceId: string },
  input: FirstComeRequest,
  options: { idempotencyKey?: string; now?: Date } = {},
): Promise<FirstComeAnswer> {
  const now = options.now ?? new Date();
  const family = await requireFamily(actor);
  const scope = `first-come#${family.id}#${path.occurrenceId}`;
  const key = options.idempotencyKey;
  const request = sha256(JSON.stringify(input));
  if (key) {
    const kept = await getIdempotencyRecord(scope, key);
    if (kept) return replay(kept, request);
  }
  const refuse = async (reason: FirstComeRefusal): Promise<never> => {
    if (key && !(await putIdempotencyRecord(scope, key, { request, status: 409, body: { reason } }, now))) {
      const kept = await getIdempotencyRecord(scope, key);
      if (kept) await replay(kept, request);
    }
    throw new FirstComeRefusedError(reason);
  };

  const ticketId = ulid();
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await pauseAfterLostRace(attempt);
    const found = await getOfferingWithOccurrences(path.offeringId);
    if (!found || found.offering.status !== 'published' || !found.offering.godchild) {
      throw new ResourceNotFoundError('noSuchOffering', { in: 'path', path: ['offeringId'], message: 'notFound' });
    }
    const { offering } = found;
    const occurrence = found.occurrences.find((o) => o.id === path.occurrenceId);
    if (!occurrence) throw new ResourceNotFoundError('noSuchOccurrence', { in: 'path', path: ['occurrenceId'], message: 'notFound' });
    const cohortId = offering.godchild!.cohortId;
    const [cohort, children, open] = await Promise.all([getCohort(cohortId), listChildrenOfFamily(family.id), firstComeOpenFor(cohortId)]);
    if (!cohort) throw new ResourceNotFoundError('noSuchOffering', { in: 'path', path: ['offeringId'], message: 'notFound' });
    const years = await getChildYears(input.childIds, allowanceYearOf(occurrence.start));
    const plan = planFirstCome(input, { offering, occurrence, cohort, children, years, open }, now);
    if (plan.kind === 'refused') return refuse(plan.reason);

    const eventGroup = offering.godchild!.eventGroup;
    const ticket: Ticket = {
      id: ticketId,
      cohortId,
      familyId: family.id,
      childIds: input.childIds,
      offeringId: offering.id,
      occurrenceId: occurrence.id,
      organisationId: offering.organisationId,
      ...(venueIdOf(offering, occurrence) ? { venueId: venueIdOf(offering, occurrence) } : {}),
      persons: plan.persons,
      source: 'first-come',
      status: 'valid',
      createdAt: now.toISOString(),
    };
    const venues = await venuesOf(offering, [occurrence]);
    const message = await ticketMessage(
      family,
      ticket,
      {
        title: offering.title,
        start: occurrence.start,
        end: occurrence.end,
        place: placeOf(offering, occurrence, venues, family.locale),
        children: input.childIds.map((id) => ({ firstName: children.find((c) => c.id === id)?.firstName })),
      },
      now,
    );
    const answer: FirstComeAnswer = { ticketId };
    const outcome = await writeFirstComeTicket({
      ticket,
      occurrence: { day: localDateOf(new Date(occurrence.start)), start: occurrence.start },
      take: { occurrenceId: occurrence.id, seats: plan.persons, capacityTotal: occurrence.capacity.total },
      allowances: input.childIds.map((childId) => ({ childId, year: plan.year, limit: cohort.yearlyLimit, ...(eventGroup ? { eventGroup } : {}) })),
      pastExperiences: input.childIds.map((childId) => pastExperienceAction(family.id, childId)),
      outbox: message ? [message] : [],
      idempotency: key ? { scope, key, record: { request, status: 201, body: answer }, now } : undefined,
    });
    if (outcome === 'written') {
      if (message) await deliverSoon([message.id]);
      return answer;
    }
    if (outcome.refused === 'replayed') {
      const kept = await getIdempotencyRecord(scope, key!);
      if (kept) return replay(kept, request);
    }
    if (outcome.refused === 'alreadyEnrolled') return refuse('already-enrolled');
    if (outcome.refused === 'roundInProgress') return refuse('round-in-progress');
    // Seats or an allowance moved, or another transaction held an item: read again and decide anew.
  }
  throw new Error(`First-come enrolment in ${path.occurrenceId} lost the race ${maxAttempts} times`);
}

const venueIdOf = (offering: Offering, o: Occurrence) => o.venueId ?? (offering.location.kind === 'venue' ? offering.location.venueId : undefined);

function replay(kept: IdempotencyRecord, request: string): FirstComeAnswer {
  if (kept.request !== request) throw new ConflictError('idempotencyKeyReused', [{ in: 'header', path: ['idempotency-key'], message: 'idempotencyKeyReused' }]);
  if (kept.status !== 201) throw new FirstComeRefusedError(String(kept.body.reason) as FirstComeRefusal);
  return firstComeAnswer.parse(kept.body);
}

/**
 * Use case: the experiences of the cohorts the family's children belong to, with their
 * upcoming occurrences' free seats and whether first-come enrolment is open, and each child's
 * use of this year's limit.
 */
export async function listFamilyExperiences(actor: Actor, locale: Locale, now = new Date()): Promise<FamilyExperiences> {
  const family = await requireFamily(actor);
  const children = await listChildrenOfFamily(family.id);
  const cohortIds = [...new Set(children.map((c) => c.cohortId))];
  const year = helsinkiYearOf(now);
  const [cohorts, years] = await Promise.all([
    Promise.all(cohortIds.map(async (id) => ({ cohort: await getCohort(id), open: await firstComeOpenFor(id), experiences: await listExperiencesOfCohort(id, now) }))),
    getChildYears(children.map((c) => c.id), year),
  ]);
  const items: FamilyExperiences['items'] = [];
  for (const { cohort, open, experiences } of cohorts) {
    if (!cohort) continue;
    for (const { offering, occurrences } of experiences) {
      if (offering.godchild?.cohortId !== cohort.id) continue;
      const venues = await venuesOf(offering, occurrences);
      items.push({
        offeringId: offering.id,
        cohortId: cohort.id,
        title: pickText(offering.title, locale).text,
        description: pickText(offering.shortDescription, locale).text,
        invite: offering.godchild.invite,
        ...(offering.godchild.eventGroup ? { eventGroup: offering.godchild.eventGroup } : {}),
        firstComeOpen: open,
        occurrences: occurrences
          .filter((o) => o.capacity.unit === 'persons')
          .map((o) => ({ id: o.id, start: o.start, end: o.end, place: placeOf(offering, o, venues, locale), languages: o.languages, seatsFree: seatsFree(o) })),
      });
    }
  }
  const limitOf = new Map(cohorts.flatMap(({ cohort }) => (cohort ? [[cohort.id, cohort.yearlyLimit] as const] : [])));
  return {
    items,
    children: children
      .filter((c) => limitOf.has(c.cohortId))
      .map((c) => ({
        id: c.id,
        cohortId: c.cohortId,
        ...(c.firstName ? { firstName: c.firstName } : {}),
        birthYear: c.birthYear,
        used: years.get(c.id)?.used ?? 0,
        limit: limitOf.get(c.cohortId)!,
      })),
  };
}
