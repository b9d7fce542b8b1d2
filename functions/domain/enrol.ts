import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import {
  enrolmentAnswer,
  type Enrolment,
  type EnrolmentAnswer,
  type EnrolmentRefusal,
  type EnrolmentRequest,
  type EnrolmentStatus,
} from '../../shared/schemas/enrolment.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import {
  getEnrolment,
  getIdempotencyRecord,
  getWaitlistDepartures,
  putIdempotencyRecord,
  takeWaitlistTicket,
  writeEnrolmentChange,
  type IdempotencyRecord,
} from '../db/enrolment.ts';
import type { SeatTake } from '../db/seats.ts';
import { getOfferingWithOccurrences } from '../db/offering.ts';
import { takeFromRateLimit } from '../db/rate-limit.ts';
import { getVenues } from '../db/venue.ts';
import type { Venue } from '../../shared/schemas/venue.ts';
import { requireActFor, type Actor } from './actor.ts';
import { occurrenceAvailability } from './availability.ts';
import { enrolmentMessage } from './enrolment-mail.ts';
import { ConflictError, EnrolmentRefusedError, OfferingNotFoundError, TooManyRequestsError, ValidationError, type FieldProblem } from './errors.ts';
import { signManageToken } from './manage-link.ts';
import { deliverSoon } from './outbox.ts';
import { refreshSeatsInSearch } from './seat-refresh.ts';

/** Seats a group takes on an occurrence: its persons, or one when capacity counts groups. */
export const seatsOf = (group: Pick<Enrolment, 'children' | 'adults'>, occurrence: Pick<Occurrence, 'capacity'>): number =>
  occurrence.capacity.unit === 'persons' ? group.children + group.adults : 1;

const seatsFree = (o: Occurrence) => o.capacity.total - o.seatsTaken;

/** What an enrolment attempt comes to on the state read: bad input, a refusal, or what to write. */
export type EnrolmentPlan =
  | { kind: 'invalid'; fields: FieldProblem[] }
  | { kind: 'refused'; reason: EnrolmentRefusal }
  | { kind: 'write'; status: Extract<EnrolmentStatus, 'booked' | 'requested' | 'waitlisted'>; take: SeatTake[]; stillFull?: SeatTake };

const body = (path: PropertyKey[], message: string): FieldProblem => ({ in: 'body', path, message });

/**
 * The offering's rules applied to one request, on the state just read: the number of visits,
 * the chosen occurrences, mandatory information, each occurrence's window and group size,
 * then seats: all fit (booked, or requested under manual approval), or the group waits, or
 * the occurrence is full. Pure, so every rule is tested without a database.
 */
export function planEnrolment(offering: Offering, occurrences: Occurrence[], input: EnrolmentRequest, now: Date): EnrolmentPlan {
  const rules = offering.enrolment;
  // An experience of the culture-godchild module is for a cohort's families, never a school group.
  if (rules.mode !== 'internal' || offering.godchild) return { kind: 'refused', reason: 'no-enrolment' };

  const fields: FieldProblem[] = [];
  if (input.occurrenceIds.length !== rules.visitsPerBooking) fields.push(body(['occurrenceIds'], 'wrongNumberOfVisits'));
  if (rules.mandatoryInfo && !input.additionalInfo) fields.push(body(['additionalInfo'], 'additionalInfoRequired'));
  const byId = new Map(occurrences.map((o) => [o.id, o]));
  const chosen: Occurrence[] = [];
  input.occurrenceIds.forEach((id, i) => {
    const occurrence = byId.get(id);
    if (occurrence) chosen.push(occurrence);
    else fields.push(body(['occurrenceIds', i], 'unknownOccurrence'));
  });
  const persons = input.children + input.adults;
  if (chosen.some((o) => persons > o.groupSize.max)) fields.push(body(['children'], 'groupTooLarge'));
  else if (chosen.some((o) => persons < o.groupSize.min)) fields.push(body(['children'], 'groupTooSmall'));
  if (fields.length > 0) return { kind: 'invalid', fields };

  for (const o of chosen) {
    const slot = { start: o.start, cancelled: o.cancelled !== undefined, seatsFree: seatsFree(o), minGroupSize: o.groupSize.min, unit: o.capacity.unit };
    const availability = occurrenceAvailability(rules, slot, now);
    if (availability.status === 'cancelled') return { kind: 'refused', reason: 'cancelled' };
    if (availability.status === 'not-open-yet') return { kind: 'refused', reason: 'not-open-yet' };
    if (availability.status === 'closed') return { kind: 'refused', reason: 'closed' };
  }

  const take = chosen.map((o) => ({ occurrenceId: o.id, seats: seatsOf(input, o), capacityTotal: o.capacity.total }));
  const tooFull = chosen.find((o) => seatsFree(o) < seatsOf(input, o));
  if (!tooFull) return { kind: 'write', status: rules.approval === 'manual' ? 'requested' : 'booked', take };
  if (!rules.waitlist) return { kind: 'refused', reason: 'full' };
  return { kind: 'write', status: 'waitlisted', take: [], stillFull: { occurrenceId: tooFull.id, seats: seatsOf(input, tooFull), capacityTotal: tooFull.capacity.total } };
}

/**
 * A waiting group's place in the queue of its first occurrence (1 is next): its ticket, less the
 * earlier tickets whose groups have left the queue. A group with an earlier ticket still being
 * written counts as ahead, as it is; so two waiting groups never share a place.
 */
export async function waitlistPosition(offeringId: string, enrolment: Pick<Enrolment, 'status' | 'occurrenceIds' | 'waitlistTicket'>): Promise<number | undefined> {
  const ticket = enrolment.waitlistTicket;
  if (enrolment.status !== 'waitlisted' || ticket === undefined) return undefined;
  const left = await getWaitlistDepartures(offeringId, enrolment.occurrenceIds[0]!);
  return ticket - left.filter((t) => t < ticket).length;
}

/** The offering's venues an email may name: its own and its occurrences' own. */
export async function venuesOf(offering: Offering, occurrences: Occurrence[]): Promise<Map<string, Venue>> {
  const ids = [offering.location.kind === 'venue' ? offering.location.venueId : undefined, ...occurrences.map((o) => o.venueId)];
  return getVenues([...new Set(ids.filter((id): id is string => id !== undefined))]);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
/** Retries after losing a race for the seat counter: short, random pauses, so racers spread out. */
export const pauseAfterLostRace = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 10 * 2 ** Math.min(attempt, 5))));
/**
 * A lost race is tried again until the answer is definite. The function's own time limit is the
 * real bound (28 s for the enrol route); the count only stops a runaway loop. On DynamoDB Local,
 * which serialises transactions, a burst of 200 on a busy machine needs more than 60 tries for
 * the last in line.
 */
const maxAttempts = 400;

type EnrolOptions = {
  /** A client's key for this submission: a retry with it gets the first answer again. */
  idempotencyKey?: string;
  /** The provider member or admin entering it for a teacher who phoned. */
  enteredBy?: Actor;
  /** The visitor's address, for the per-client limit on public enrolments. */
  client?: string;
  now?: Date;
};

/**
 * Use case: a teacher enrols a group in a published offering. The answer is definite: booked,
 * requested (waiting for the provider, seats held) or waitlisted with a position, or a refusal
 * that says why. Seats move only inside the transaction that writes the enrolment, its guard
 * against enrolling twice and its email, so they are never oversold; losing a race re-reads
 * and decides again. With an Idempotency-Key the first answer is kept and given again.
 */
export async function enrol(offeringId: string, input: EnrolmentRequest, options: EnrolOptions = {}): Promise<EnrolmentAnswer> {
  const now = options.now ?? new Date();
  const scope = `enrol#${offeringId}`;
  const key = options.idempotencyKey;
  const request = sha256(JSON.stringify(input));
  if (key) {
    const kept = await getIdempotencyRecord(scope, key);
    if (kept) return replay(kept, request, offeringId);
  }

  await limitEnrolments(options.client, input.contact.email, now);
  const id = ulid();
  let venues: Map<string, Venue> | undefined;
  let ticket: number | undefined;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await pauseAfterLostRace(attempt);
    const found = await getOfferingWithOccurrences(offeringId);
    if (!found || (found.offering.status !== 'published' && !options.enteredBy)) throw new OfferingNotFoundError(offeringId);
    const { offering, occurrences } = found;
    if (options.enteredBy) requireActFor(options.enteredBy, offering.organisationId, { in: 'path', path: ['id'], message: 'notYourOrganisation' });

    const plan = planEnrolment(offering, occurrences, input, now);
    if (plan.kind === 'invalid') throw new ValidationError(plan.fields);
    if (plan.kind === 'refused') return refuse(plan.reason, { scope, key, request, now, offeringId });

    // A waiting group's ticket is taken once and kept through retries: its place is where it first joined.
    if (plan.status === 'waitlisted') ticket ??= await takeWaitlistTicket(offeringId, input.occurrenceIds[0]!);
    const chosen = occurrences.filter((o) => input.occurrenceIds.includes(o.id));
    const lastEnd = chosen.map((o) => o.end).sort().at(-1)!;
    const manageToken = await signManageToken({ enrolmentId: id, offeringId }, lastEnd);
    const at = now.toISOString();
    const { consent: _consent, ...group } = input;
    const enrolment: Enrolment = {
      ...group,
      id,
      offeringId,
      organisationId: offering.organisationId,
      status: plan.status,
      consentAt: at,
      ...(options.enteredBy ? { enteredBy: options.enteredBy.personId } : {}),
      ...(ticket === undefined ? {} : { waitlistTicket: ticket }),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    venues ??= await venuesOf(offering, occurrences);
    const message = enrolmentMessage(plan.status, enrolment, { offering, occurrences, venues, manageToken }, now);
    const answer: EnrolmentAnswer = { outcome: plan.status, enrolmentId: id, manageToken };
    const outcome = await writeEnrolmentChange({
      enrolment,
      take: plan.take,
      stillFull: plan.stillFull,
      putGuards: input.occurrenceIds,
      outbox: [message],
      idempotency: key ? { scope, key, record: { request, status: 201, body: answer }, now } : undefined,
    });
    if (outcome === 'written') {
      await deliverSoon([message.id]);
      if (plan.take.length > 0) await refreshSeatsInSearch(offeringId);
      return plan.status === 'waitlisted' ? { ...answer, position: await waitlistPosition(offeringId, enrolment) } : answer;
    }
    if (outcome.refused === 'replayed') {
      const kept = await getIdempotencyRecord(scope, key!);
      if (kept) return replay(kept, request, offeringId);
    }
    if (outcome.refused === 'alreadyEnrolled') return refuse('already-enrolled', { scope, key, request, now, offeringId });
    // Seats or capacity moved, or another transaction held an item: read again and decide anew.
  }
  throw new Error(`Enrolment in ${offeringId} lost the race ${maxAttempts} times`);
}

/**
 * Each enrolment mails the address typed in, so one client and one address may enrol only so
 * many groups an hour: plenty for a school sharing one address, too few to spam with.
 */
export const enrolmentLimits = { perClient: { count: 300, windowSeconds: 3600 }, perAddress: { count: 30, windowSeconds: 3600 } };

async function limitEnrolments(client: string | undefined, email: string, now: Date): Promise<void> {
  const waits = await Promise.all([
    client ? takeFromRateLimit(`enrol-client#${client}`, enrolmentLimits.perClient, now) : undefined,
    takeFromRateLimit(`enrol-address#${sha256(email)}`, enrolmentLimits.perAddress, now),
  ]);
  const wait = Math.max(0, ...waits.map((w) => w ?? 0));
  if (wait > 0) throw new TooManyRequestsError(wait);
}

/** A refusal is kept for its idempotency key too, so a retry hears the same no. */
async function refuse(
  reason: EnrolmentRefusal,
  at: { scope: string; key?: string; request: string; now: Date; offeringId: string },
): Promise<never> {
  if (at.key) {
    const stored = await putIdempotencyRecord(at.scope, at.key, { request: at.request, status: 409, body: { reason } }, at.now);
    if (!stored) {
      const kept = await getIdempotencyRecord(at.scope, at.key);
      if (kept) await replay(kept, at.request, at.offeringId);
    }
  }
  throw new EnrolmentRefusedError(reason);
}

/** The answer kept for a key, given again; the same key with another request is refused. */
async function replay(kept: IdempotencyRecord, request: string, offeringId: string): Promise<EnrolmentAnswer> {
  if (kept.request !== request) throw new ConflictError('idempotencyKeyReused', [{ in: 'header', path: ['idempotency-key'], message: 'idempotencyKeyReused' }]);
  if (kept.status !== 201) throw new EnrolmentRefusedError(String(kept.body.reason) as EnrolmentRefusal);
  const answer = enrolmentAnswer.parse(kept.body);
  if (answer.outcome !== 'waitlisted') return answer;
  const stored = await getEnrolment(offeringId, answer.enrolmentId);
  const position = stored && (await waitlistPosition(offeringId, stored));
  return position === undefined ? answer : { ...answer, position };
}
