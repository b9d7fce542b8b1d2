import { locales, type Locale } from '../../shared/locale.ts';
import { messages } from '../../shared/i18n/api.ts';
import type { CohortMessage, Family } from '../../shared/schemas/godchild.ts';
import type { CohortMessageSent, RecipientCount } from '../../shared/schemas/tickets.ts';
import { getCohort } from '../db/cohort.ts';
import { getFamily } from '../db/family.ts';
import { listInvitationsOfRound, listWaitlist } from '../db/invitation.ts';
import { batchPut } from '../db/items.ts';
import { outboxToItem, type OutboxMessage } from '../db/outbox.ts';
import { listRoundsOfCohort } from '../db/round.ts';
import { getTickets, listTicketIdsOfCohort } from '../db/ticket.ts';
import { invalidField, ResourceNotFoundError } from './errors.ts';
import { godchildMessage } from './godchild-mail.ts';
import { deliverSoon } from './outbox.ts';

/**
 * The platform admin's messages to a cohort's families. An audience is worked out from what the
 * module stores: invited (an invitation offered or accepted in one of the cohort's rounds),
 * waiting (on a round's waitlist), enrolled (a valid ticket), attended (a used ticket). The
 * tickets are found by the cohort's ticket references (db/ticket.ts), the invitations and
 * waitlists by round: a handful of Queries and BatchGets, no Scan.
 */

type Audience = CohortMessage['audience'];

async function audienceFamilyIds(cohortId: string, audience: Audience): Promise<Set<string>> {
  if (audience === 'invited' || audience === 'waiting') {
    const rounds = await listRoundsOfCohort(cohortId);
    const lists = await Promise.all(
      rounds.map(async (round) =>
        audience === 'invited'
          ? (await listInvitationsOfRound(round.id)).filter((i) => i.status === 'offered' || i.status === 'accepted').map((i) => i.familyId)
          : (await listWaitlist(round.id)).map((w) => w.familyId),
      ),
    );
    return new Set(lists.flat());
  }
  const tickets = (await getTickets(await listTicketIdsOfCohort(cohortId))).filter((t) => t.status === 'valid');
  return new Set(tickets.filter((t) => audience === 'enrolled' || t.usedAt !== undefined).map((t) => t.familyId));
}

/** The families a message reaches by email, and those of the audience served by letter only. */
async function recipientsOf(cohortId: string, audience: Audience, essential: boolean): Promise<{ byEmail: Family[]; byLetterOnly: number }> {
  if (!(await getCohort(cohortId))) throw new ResourceNotFoundError('cohortNotFound', { in: 'path', path: ['id'], message: 'notFound' });
  const ids = [...(await audienceFamilyIds(cohortId, audience))];
  const families: Family[] = [];
  for (let i = 0; i < ids.length; i += 25) {
    const chunk = await Promise.all(ids.slice(i, i + 25).map((id) => getFamily(id)));
    families.push(...chunk.filter((f): f is Family => f !== undefined));
  }
  // Non-essential mail goes only to families who accepted it; letters carry only essential news.
  const consenting = families.filter((f) => essential || f.nonEssentialMail);
  return { byEmail: consenting.filter((f) => f.email), byLetterOnly: consenting.filter((f) => !f.email).length };
}

/** Use case: how many families a message would reach, before it is written. */
export async function countCohortRecipients(cohortId: string, query: { audience: Audience; essential: boolean }): Promise<RecipientCount> {
  const { byEmail, byLetterOnly } = await recipientsOf(cohortId, query.audience, query.essential);
  return { recipients: byEmail.length, byLetterOnly };
}

/** The language a family reads the message in: its own if the admin wrote in it, else the first written in full. */
function languageFor(family: Family, message: CohortMessage): Locale | undefined {
  const complete = (l: Locale) => Boolean(message.subject[l]?.trim() && message.body[l]?.trim());
  return complete(family.locale) ? family.locale : locales.find(complete);
}

/** How many messages the request itself sends; the outbox sweep sends the rest within minutes. */
const sendAtOnce = 25;

/**
 * Use case: sends the message to each family of the audience by email, in its language (or
 * another the admin wrote in), through the outbox; families served by letter are counted, not
 * mailed.
 */
export async function sendCohortMessage(cohortId: string, message: CohortMessage, now = new Date()): Promise<CohortMessageSent> {
  if (!locales.some((l) => message.subject[l]?.trim() && message.body[l]?.trim())) throw invalidField(['body'], 'messageTextMissing');
  const { byEmail, byLetterOnly } = await recipientsOf(cohortId, message.audience, message.essential);
  const outbox: OutboxMessage[] = byEmail.flatMap((family) => {
    const locale = languageFor(family, message)!;
    const t = messages(locale).mail;
    const mail = godchildMessage(
      { email: family.email, locale },
      {
        subject: message.subject[locale]!,
        paragraphs: message.body[locale]!.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean),
        notes: [t.cohortMessageNote, ...(message.essential ? [] : [t.nonEssentialNote])],
      },
      `cohort-message#${cohortId}`,
      now,
    );
    return mail ? [mail] : [];
  });
  await batchPut(outbox.map(outboxToItem));
  await deliverSoon(outbox.slice(0, sendAtOnce).map((m) => m.id));
  return { recipients: byEmail.length, byLetterOnly, sent: outbox.length };
}
