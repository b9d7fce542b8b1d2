import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { Family, Invitation, Round, RoundInput } from '../../shared/schemas/godchild.ts';
import type { Locale } from '../../shared/locale.ts';
import type { CommitAnswer, InvitationLetter, RoundPreview } from '../../shared/schemas/round-views.ts';
import { getCohort, listCohorts } from '../db/cohort.ts';
import { getFamily } from '../db/family.ts';
import {
  isWaitlistWritten,
  listInvitationsOfRound,
  listWaitlist,
  markWaitlistWritten,
  putWaitlist,
  writeNewInvitation,
  type WaitlistEntry,
} from '../db/invitation.ts';
import {
  createRound,
  getCommittedPreviewId,
  getPreview,
  getRound,
  listPreferencesOfRound,
  listRoundsOfCohort,
  markRoundClosed,
  markRoundCommitted,
  putPreview,
} from '../db/round.ts';
import { loadRoundData, previewOf } from './allocation.ts';
import { ConflictError, invalidField, ResourceNotFoundError } from './errors.ts';
import { invitationMessage } from './godchild-mail.ts';
import { acceptCode, invitationContext, pauseAfterContention } from './invitations.ts';
import { match } from './matcher.ts';
import { deliverSoon } from './outbox.ts';
import { absoluteUrl, godchildWebPaths } from './godchild-mail.ts';

/**
 * Allocation rounds (platform admin): open one for a cohort, let families state preferences
 * until the deadline, preview the matcher's allocation as often as wanted, commit it (each
 * invitation written with its seats in its own transaction, the rest on the round's waitlist in
 * order), close it so leftover seats open for first-come enrolment.
 */

const roundMissing = () => new ResourceNotFoundError('roundNotFound', { in: 'path', path: ['id'], message: 'notFound' });

export async function requireRound(id: string): Promise<Round> {
  const found = await getRound(id);
  if (!found) throw roundMissing();
  return found;
}

/** Use case: opens a round for a cohort; refused while the cohort has another round open or committed. */
export async function openRound(cohortId: string, input: RoundInput, now = new Date()): Promise<Round> {
  const cohort = await getCohort(cohortId, { consistent: true });
  if (!cohort) throw new ResourceNotFoundError('roundCohortNotFound', { in: 'path', path: ['id'], message: 'notFound' });
  if (!cohort.active) throw new ConflictError('roundCohortClosed');
  if (Date.parse(input.preferencesDeadline) <= now.getTime()) throw invalidField(['preferencesDeadline'], 'roundDeadlineInPast');
  const at = now.toISOString();
  const value: Round = {
    id: ulid(),
    cohortId,
    name: input.name,
    status: 'open',
    preferencesDeadline: input.preferencesDeadline,
    respondDays: input.respondDays,
    offerHoldHours: input.offerHoldHours,
    seed: input.seed ?? randomBytes(12).toString('hex'),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  if ((await createRound(value)) === 'active') throw new ConflictError('roundAlreadyActive');
  return value;
}

export async function listRoundsForAdmin(cohortId: string): Promise<{ items: Round[] }> {
  if (!(await getCohort(cohortId))) throw new ResourceNotFoundError('roundCohortNotFound', { in: 'path', path: ['id'], message: 'notFound' });
  return { items: await listRoundsOfCohort(cohortId) };
}

/** Use case: runs the matcher on the round's data as it is now and keeps the result as the round's preview. */
export async function previewRound(id: string, now = new Date()): Promise<RoundPreview> {
  const round = await requireRound(id);
  if (round.status !== 'open') throw new ConflictError('roundNotOpen');
  const data = await loadRoundData(round, now);
  const preview = previewOf(data, match(data.input), now);
  await putPreview(ulid(), preview);
  return preview;
}

export async function getRoundPreview(id: string): Promise<RoundPreview> {
  await requireRound(id);
  const found = await getPreview(id);
  if (!found) throw new ResourceNotFoundError('roundPreviewMissing');
  return found.preview;
}

const addDays = (at: Date, days: number) => new Date(at.getTime() + days * 86_400_000);
const maxAttempts = 20;

/**
 * Use case: commits the round's preview. Only after the preferences deadline and only when the
 * preview was taken on the data as it is now (its input digest); the round turns committed
 * first, once, then each invitation is written with its seats in its own transaction, guarded
 * so a retried commit (after a crash, or pressed twice) writes nothing twice. Families left
 * without seats go on the round's waitlist in the matcher's order.
 */
/**
 * A commit writes invitations for this long, then answers; the round-commit job goes on with
 * the rest (a cohort of thousands of families takes minutes, more than a request may last).
 */
export const commitBudgetMs = 20_000;
/** Occurrences written at once; one occurrence's invitations go one by one, as they share its seat counter. */
const parallelOccurrences = 8;
/** Emails sent by the commit itself; the outbox sweep sends the rest within minutes. */
const sendRightAway = 100;

export async function commitRound(id: string, now = new Date(), budgetMs = commitBudgetMs): Promise<CommitAnswer> {
  let round = await requireRound(id);
  if (round.status === 'closed') throw new ConflictError('roundClosed');
  if (round.status === 'open') {
    if (Date.parse(round.preferencesDeadline) > now.getTime()) throw new ConflictError('roundDeadlineNotPassed');
    const found = await getPreview(id);
    if (!found) throw new ConflictError('roundPreviewMissing');
    const data = await loadRoundData(round, now);
    if (data.digest !== found.preview.inputDigest) throw new ConflictError('roundPreviewStale');
    const committed = await markRoundCommitted(id, found.previewId, now);
    if (!committed) {
      round = await requireRound(id);
      if (round.status !== 'committed') throw new ConflictError('roundPreviewStale');
    } else round = committed;
  }
  const complete = (await isWaitlistWritten(round.id)) || (await writeAllocation(round, now, Date.now() + budgetMs));
  return { ...(await commitSummary(round)), complete };
}

/**
 * Job: goes on writing the invitations of committed rounds whose commit ran out of time (their
 * waitlist, written last, is not there yet). Returns how many rounds it finished.
 */
export async function continueCommittedRounds(now: Date, budgetMs: number): Promise<number> {
  const until = Date.now() + budgetMs;
  let finished = 0;
  for (const cohort of await listCohorts()) {
    for (const round of await listRoundsOfCohort(cohort.id)) {
      if (round.status !== 'committed' || (await isWaitlistWritten(round.id))) continue;
      if (Date.now() > until) return finished;
      if (await writeAllocation(round, now, until)) finished++;
    }
  }
  return finished;
}

/**
 * Writes the committed preview's invitations not written yet, then the waitlist. Resumable: a
 * family's invitation is guarded, so a rerun writes only what is missing. Returns false when
 * `until` came first (the waitlist is then not written yet).
 */
async function writeAllocation(round: Round, now: Date, until: number): Promise<boolean> {
  const previewId = await getCommittedPreviewId(round.id);
  const found = await getPreview(round.id);
  if (!found || found.previewId !== previewId) throw new Error(`Round ${round.id} lost its committed preview`);
  const { preview } = found;
  const committedAt = new Date(round.committedAt ?? now.toISOString());
  const respondBy = addDays(committedAt, round.respondDays).toISOString();
  const context = invitationContext();
  const sent: string[] = [];
  const missed: string[] = [];
  const written = new Set((await listInvitationsOfRound(round.id)).map((i) => i.familyId));

  const writeOne = async (assignment: RoundPreview['assignments'][number]) => {
    const family = await getFamily(assignment.familyId, { consistent: true });
    if (!family) return;
    const occurrence = await context.occurrence(assignment.offeringId, assignment.occurrenceId);
    if (!occurrence) {
      missed.push(assignment.familyId);
      return;
    }
    let outcome: Awaited<ReturnType<typeof writeNewInvitation>> | undefined;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (attempt > 0) await pauseAfterContention(attempt);
      const value: Invitation = {
        id: ulid(),
        roundId: round.id,
        cohortId: round.cohortId,
        familyId: family.id,
        childIds: assignment.childIds,
        offeringId: assignment.offeringId,
        occurrenceId: assignment.occurrenceId,
        persons: assignment.persons,
        status: 'offered',
        source: 'allocation',
        respondBy,
        acceptCode: acceptCode(),
        delivery: family.email ? 'email' : 'letter',
        createdAt: now.toISOString(),
      };
      const details = await context.details(value, family.locale);
      const message = invitationMessage(family, value, details, now);
      outcome = await writeNewInvitation({
        invitation: value,
        take: { occurrenceId: value.occurrenceId, seats: value.persons, capacityTotal: occurrence.occurrence.capacity.total },
        ...(message ? { outbox: message } : {}),
        guard: true,
      });
      if (outcome === 'written') {
        if (message) sent.push(message.id);
        break;
      }
      // The seat counter moved since the preview (another round's seats cannot; a provider's edit can): re-read it.
      if (outcome.refused === 'seats') context.forget(assignment.offeringId);
      if (outcome.refused === 'guard') break;
    }
    if (outcome !== 'written' && outcome?.refused !== 'guard') missed.push(assignment.familyId);
  };

  // Occurrences in parallel, each one's invitations in turn, until the time is up.
  const queues = [...Map.groupBy(preview.assignments.filter((a) => !written.has(a.familyId)), (a) => a.occurrenceId).values()];
  let outOfTime = false;
  const worker = async () => {
    for (let queue = queues.shift(); queue && !outOfTime; queue = queues.shift()) {
      for (const assignment of queue) {
        if (Date.now() > until) {
          outOfTime = true;
          return;
        }
        await writeOne(assignment);
      }
    }
  };
  await Promise.all(Array.from({ length: parallelOccurrences }, worker));
  if (outOfTime) {
    await deliverSoon(sent.slice(0, sendRightAway));
    return false;
  }

  if (!(await isWaitlistWritten(round.id))) {
    const preferences = await listPreferencesOfRound(round.id);
    const waiting = [...missed, ...preview.unassigned.filter((u) => u.reason === 'no-capacity').map((u) => u.familyId)];
    const childIdsOf = new Map([
      ...preview.unassigned.map((u) => [u.familyId, u.children.map((c) => c.id)] as const),
      ...preview.assignments.map((a) => [a.familyId, a.childIds] as const),
    ]);
    const entries: WaitlistEntry[] = waiting.map((familyId, i) => {
      const prefs = preferences.get(familyId);
      return {
        roundId: round.id,
        position: i + 1,
        familyId,
        childIds: childIdsOf.get(familyId)!,
        guardians: prefs?.guardians ?? 1,
        otherChildren: prefs?.otherChildren ?? 0,
        accessibilityNeeds: prefs?.accessibilityNeeds ?? [],
      };
    });
    await putWaitlist(entries);
    await markWaitlistWritten(round.id);
  }
  await deliverSoon(sent.slice(0, sendRightAway));
  return true;
}

async function commitSummary(round: Round): Promise<Omit<CommitAnswer, 'complete'>> {
  const invitations = (await listInvitationsOfRound(round.id)).filter((i) => i.source === 'allocation');
  return {
    round,
    invitations: invitations.length,
    letters: invitations.filter((i) => i.delivery === 'letter').length,
    waitlisted: (await listWaitlist(round.id)).length,
  };
}

/** Use case: ends the round; its leftover seats are then open for first-come enrolment. */
export async function closeRound(id: string, now = new Date()): Promise<Round> {
  const round = await requireRound(id);
  if (round.status === 'closed') throw new ConflictError('roundClosed');
  const closed = await markRoundClosed(round, now);
  if (!closed) throw new ConflictError('staleVersion');
  return closed;
}

/** Use case: the printable letters of the families without email, each in the family's language. */
export async function lettersOfRound(id: string): Promise<{ items: InvitationLetter[] }> {
  await requireRound(id);
  const invitations = (await listInvitationsOfRound(id)).filter((i) => i.delivery === 'letter' && i.status === 'offered');
  const context = invitationContext();
  const families = new Map<string, Family>();
  const items: InvitationLetter[] = [];
  for (const value of invitations) {
    const family = families.get(value.familyId) ?? (await getFamily(value.familyId));
    if (!family) continue;
    families.set(family.id, family);
    const locale: Locale = family.locale;
    const view = await context.view(value, locale);
    items.push({ ...view, acceptCode: value.acceptCode, locale, acceptUrl: absoluteUrl(godchildWebPaths.acceptByCode(locale)) });
  }
  return { items };
}
