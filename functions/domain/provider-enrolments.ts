import { messages } from '../../shared/i18n/api.ts';
import { pickText, type Locale } from '../../shared/locale.ts';
import type {
  Enrolment,
  EnrolmentAnswer,
  EnrolmentDecision,
  EnrolmentRequest,
  OfferingEnrolments,
} from '../../shared/schemas/enrolment.ts';
import { formatDateTime, helsinkiHourOf, localDateOf } from '../../shared/time.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import type { Person } from '../../shared/schemas/person.ts';
import { config } from '../config.ts';
import { renderMail } from '../mail/render.ts';
import { claimDailySummary, listEnrolmentsOfOffering, listUnseenRequests, markEnrolmentsSeen } from '../db/enrolment.ts';
import { listMembershipsOfOrganisation } from '../db/membership.ts';
import { getOffering, getOfferingWithOccurrences } from '../db/offering.ts';
import { getPersons } from '../db/person.ts';
import { requireActFor, type Actor } from './actor.ts';
import { enrol, seatsOf, waitlistPosition } from './enrol.ts';
import { ConflictError, ResourceNotFoundError } from './errors.ts';
import { changeEnrolment, firstMailHour, leaving, releaseOf } from './manage-enrolment.ts';
import { sendEach, webPaths } from './organisation-mail.ts';

const pathId = { in: 'path' as const, path: ['id'], message: 'notYourOrganisation' };

/** The offering and its occurrences, for a member of its organisation (or an admin) only. */
async function offeringToHandle(actor: Actor, offeringId: string) {
  const found = await getOfferingWithOccurrences(offeringId);
  if (!found) throw new ResourceNotFoundError('noSuchOffering', { in: 'path', path: ['id'], message: 'notFound' });
  requireActFor(actor, found.offering.organisationId, pathId);
  return found;
}

/** An enrolment of this offering, or a 404 naming it: an id from elsewhere is not found here. */
async function enrolmentOf(offeringId: string, enrolmentId: string, field: (string | number)[]): Promise<Enrolment> {
  const found = (await listEnrolmentsOfOffering(offeringId)).find((e) => e.id === enrolmentId);
  if (!found) throw new ResourceNotFoundError('enrolmentNotFound', { in: field[0] === 'enrolmentId' ? 'path' : 'body', path: field, message: 'notFound' });
  return found;
}

/**
 * Use case: an offering's enrolments by occurrence, each with its status, whether the provider
 * has seen it (new ones are marked), how long a request has waited and its waitlist place.
 */
export async function listOfferingEnrolments(actor: Actor, offeringId: string): Promise<OfferingEnrolments> {
  const { occurrences } = await offeringToHandle(actor, offeringId);
  const enrolments = await listEnrolmentsOfOffering(offeringId);
  const rows = await Promise.all(
    enrolments.map(async (e) => {
      const { waitlistTicket: _ticket, ...shown } = e;
      const position = await waitlistPosition(offeringId, e);
      return { ...shown, isNew: e.seenAt === undefined, ...(position === undefined ? {} : { position }) };
    }),
  );
  return {
    offeringId,
    occurrences: [...occurrences]
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((o) => ({
        id: o.id,
        start: o.start,
        end: o.end,
        capacity: o.capacity,
        seatsTaken: o.seatsTaken,
        cancelled: o.cancelled !== undefined,
        enrolments: rows.filter((e) => e.occurrenceIds.includes(o.id)),
      })),
  };
}

/** Use case: the provider has looked at these enrolments; they lose their "new" mark. */
export async function markSeen(actor: Actor, offeringId: string, enrolmentIds: string[], now = new Date()): Promise<void> {
  await offeringToHandle(actor, offeringId);
  const mine = new Set((await listEnrolmentsOfOffering(offeringId)).map((e) => e.id));
  await markEnrolmentsSeen(offeringId, enrolmentIds.filter((id) => mine.has(id)), now);
}

/**
 * Use case: approve or decline requests, one or many, with one message to each teacher.
 * Every id must be a request waiting for a decision, or nothing is changed; a declined
 * request's seats go to the first waiting group that fits.
 */
export async function decideEnrolments(actor: Actor, offeringId: string, input: EnrolmentDecision, now = new Date()): Promise<OfferingEnrolments> {
  await offeringToHandle(actor, offeringId);
  const enrolments = new Map((await listEnrolmentsOfOffering(offeringId)).map((e) => [e.id, e]));
  input.enrolmentIds.forEach((id, i) => {
    const found = enrolments.get(id);
    if (!found) throw new ResourceNotFoundError('enrolmentNotFound', { in: 'body', path: ['enrolmentIds', i], message: 'notFound' });
    if (found.status !== 'requested') throw new ConflictError('notARequest', [{ in: 'body', path: ['enrolmentIds', i], message: 'notARequest' }]);
  });
  const decision = { at: now.toISOString(), by: actor.personId, ...(input.message ? { message: input.message } : {}) };
  for (const id of new Set(input.enrolmentIds)) {
    await changeEnrolment(
      offeringId,
      id,
      (read) => {
        if (read.enrolment.status !== 'requested') throw new ConflictError('notARequest');
        const next = { ...read.enrolment, decision, version: read.enrolment.version + 1, updatedAt: now.toISOString() };
        return input.decision === 'approve'
          ? { next: { ...next, status: 'booked' as const }, event: 'approved' as const, extra: { message: input.message } }
          : {
              next: { ...next, status: 'declined' as const },
              event: 'declined' as const,
              extra: { message: input.message },
              release: releaseOf(read),
              deleteGuards: read.enrolment.occurrenceIds,
            };
      },
      now,
    );
  }
  return listOfferingEnrolments(actor, offeringId);
}

/** Use case: the provider cancels a group's enrolment, telling the teacher why; the seats are offered on. */
export async function cancelByProvider(actor: Actor, offeringId: string, enrolmentId: string, message: string | undefined, now = new Date()): Promise<OfferingEnrolments> {
  await offeringToHandle(actor, offeringId);
  await enrolmentOf(offeringId, enrolmentId, ['enrolmentId']);
  await changeEnrolment(
    offeringId,
    enrolmentId,
    (read) => {
      const { enrolment } = read;
      if (enrolment.status === 'cancelled' || enrolment.status === 'declined') throw new ConflictError('enrolmentAlreadyEnded');
      return {
        next: {
          ...enrolment,
          status: 'cancelled',
          cancelled: { at: now.toISOString(), by: 'provider', ...(message ? { reason: message } : {}) },
          offerExpiresAt: undefined,
          version: enrolment.version + 1,
          updatedAt: now.toISOString(),
        },
        event: 'cancelledByProvider',
        extra: { message },
        release: releaseOf(read),
        deleteGuards: enrolment.occurrenceIds,
        leaveWaitlist: leaving(enrolment),
      };
    },
    now,
  );
  return listOfferingEnrolments(actor, offeringId);
}

/**
 * Use case: the provider picks a group from the waitlist, whatever its place: it is booked at
 * once if it fits in the free seats of every occurrence it waits for.
 */
export async function pickFromWaitlist(actor: Actor, offeringId: string, enrolmentId: string, now = new Date()): Promise<OfferingEnrolments> {
  await offeringToHandle(actor, offeringId);
  await enrolmentOf(offeringId, enrolmentId, ['enrolmentId']);
  await changeEnrolment(
    offeringId,
    enrolmentId,
    (read) => {
      const { enrolment, occurrences } = read;
      if (enrolment.status !== 'waitlisted') throw new ConflictError('notWaiting');
      const chosen = occurrences.filter((o) => enrolment.occurrenceIds.includes(o.id));
      if (chosen.some((o) => o.cancelled || o.capacity.total - o.seatsTaken < seatsOf(enrolment, o))) throw new ConflictError('waitingGroupDoesNotFit');
      return {
        next: { ...enrolment, status: 'booked', version: enrolment.version + 1, updatedAt: now.toISOString() },
        event: 'booked',
        take: chosen.map((o) => ({ occurrenceId: o.id, seats: seatsOf(enrolment, o), capacityTotal: o.capacity.total })),
        leaveWaitlist: leaving(enrolment),
      };
    },
    now,
  );
  return listOfferingEnrolments(actor, offeringId);
}

/** Use case: a provider member or admin enrols a group for a teacher who phoned; the record says who entered it. */
export async function enrolForTeacher(actor: Actor, offeringId: string, input: EnrolmentRequest, idempotencyKey?: string): Promise<EnrolmentAnswer> {
  await offeringToHandle(actor, offeringId);
  return enrol(offeringId, input, { enteredBy: actor, idempotencyKey });
}

/** A CSV field: quoted when it holds the separator, a quote or a line break; a leading =+-@ is defused for spreadsheets. */
function csvField(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Use case: the offering's enrolments as a CSV file that Excel opens as it is: UTF-8 with a
 * byte-order mark, `;` between fields, CRLF line ends, headings in the provider's language.
 */
export async function exportEnrolmentsCsv(actor: Actor, offeringId: string, locale: Locale): Promise<{ filename: string; body: string }> {
  const { offering, occurrences } = await offeringToHandle(actor, offeringId);
  const t = messages(locale).csv;
  const enrolments = await listEnrolmentsOfOffering(offeringId);
  const enteredBy = await getPersons([...new Set(enrolments.flatMap((e) => (e.enteredBy ? [e.enteredBy] : [])))]);
  const starts = new Map(occurrences.map((o) => [o.id, formatDateTime(o.start, locale)]));
  const header = [t.occurrence, t.status, t.school, t.group, t.studyLevels, t.children, t.adults, t.adultInCharge, t.adultPhone, t.contact, t.email, t.phone, t.language, t.specialNeeds, t.additionalInfo, t.enrolledAt, t.enteredBy];
  const lines = enrolments
    .flatMap((e) => e.occurrenceIds.map((occurrenceId) => ({ e, occurrenceId })))
    .sort((a, b) => (starts.get(a.occurrenceId) ?? '').localeCompare(starts.get(b.occurrenceId) ?? '') || a.e.id.localeCompare(b.e.id))
    .map(({ e, occurrenceId }) => [
      starts.get(occurrenceId),
      t.statuses[e.status],
      e.school,
      e.groupName,
      e.studyLevels.map((level) => messages(locale).studyLevels[level]).join(', '),
      e.children,
      e.adults,
      e.adultInCharge.name,
      e.adultInCharge.phone,
      e.contact.name,
      e.contact.email,
      e.contact.phone,
      e.locale,
      e.specialNeeds,
      e.additionalInfo,
      formatDateTime(e.createdAt, locale),
      e.enteredBy ? (enteredBy.get(e.enteredBy)?.email ?? e.enteredBy) : '',
    ]);
  const body = '\uFEFF' + [header, ...lines].map((row) => row.map(csvField).join(';')).join('\r\n') + '\r\n';
  const title = pickText(offering.title, locale).text.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'enrolments';
  return { filename: `${title}.csv`, body };
}

/**
 * Job step: once a day, from 8 in the morning Helsinki time, each organisation's active members
 * get one email, in their language, listing the requests they have not seen yet. An
 * organisation's summary for a day is claimed before it is sent, so it goes once.
 */
export async function sendDailySummaries(now = new Date()): Promise<number> {
  if (helsinkiHourOf(now) < firstMailHour) return 0;
  const byOrganisation = new Map<string, Enrolment[]>();
  for (const e of await listUnseenRequests()) byOrganisation.set(e.organisationId, [...(byOrganisation.get(e.organisationId) ?? []), e]);
  let sent = 0;
  for (const [organisationId, requests] of byOrganisation) {
    if (!(await claimDailySummary(organisationId, localDateOf(now)))) continue;
    const members = (await listMembershipsOfOrganisation(organisationId)).filter((m) => m.status === 'active' && m.role === 'member');
    const people = [...(await getPersons(members.map((m) => m.personId))).values()];
    const titles = new Map<string, Offering['title']>();
    for (const offeringId of new Set(requests.map((r) => r.offeringId))) titles.set(offeringId, (await getOffering(offeringId))?.title ?? {});
    await sendEach(people.map((person) => summaryMail(person, organisationId, requests, titles, now)));
    sent++;
  }
  return sent;
}

function summaryMail(person: Pick<Person, 'email' | 'locale'>, organisationId: string, requests: Enrolment[], titles: Map<string, Offering['title']>, now: Date) {
  const t = messages(person.locale).mail.providerSummary;
  const days = (e: Enrolment) => Math.max(0, Math.floor((now.getTime() - Date.parse(e.createdAt)) / 86_400_000));
  return renderMail(person.email, person.locale, {
    subject: t.subject(requests.length),
    paragraphs: [t.intro, ...requests.map((e) => t.line(pickText(titles.get(e.offeringId), person.locale).text, `${e.school}, ${e.groupName}`, e.children + e.adults, days(e)))],
    action: { label: t.action, url: new URL(webPaths.organisation(person.locale, organisationId), config().PUBLIC_URL).toString() },
  });
}
