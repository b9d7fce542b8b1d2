import { jwtVerify, SignJWT } from 'jose';
import { calendarFile } from '../../shared/calendar.ts';
import { messages } from '../../shared/i18n/api.ts';
import { pickText, type Locale } from '../../shared/locale.ts';
import { appSecret, config } from '../config.ts';
import { listEnrolmentsOfOffering } from '../db/enrolment.ts';
import { listOccurrencesOfOffering, listOfferingsOfOrganisation } from '../db/offering.ts';
import { requireActFor, type Actor } from './actor.ts';
import { invalidField } from './errors.ts';

const purpose = 'calendar-feed';
const secretKey = () => new TextEncoder().encode(appSecret());
/** How far back the feed reaches: recent occurrences stay in calendars a while. */
const pastDays = 30;

/**
 * Use case: the address of an organisation's calendar feed, for a member to subscribe to in a
 * calendar app (which cannot sign in, so the address carries a signed token for that
 * organisation's feed alone).
 */
export async function calendarFeedLink(actor: Actor, organisationId: string, locale: Locale): Promise<{ url: string }> {
  requireActFor(actor, organisationId, { in: 'path', path: ['id'], message: 'notYourOrganisation' });
  const token = await new SignJWT({ use: purpose, lang: locale }).setProtectedHeader({ alg: 'HS256' }).setSubject(organisationId).sign(secretKey());
  const url = new URL(`/api/v1/organisations/${organisationId}/calendar.ics`, config().PUBLIC_URL);
  url.searchParams.set('token', token);
  return { url: url.toString() };
}

/**
 * Use case: the feed itself: every occurrence of the organisation's published offerings from a
 * month back on, cancelled ones marked so, each with the groups enrolled in it.
 */
export async function calendarFeed(organisationId: string, token: string, now = new Date()): Promise<{ filename: string; body: string }> {
  let locale: Locale = 'fi';
  try {
    const { payload } = await jwtVerify(token, secretKey(), { algorithms: ['HS256'] });
    if (payload.use !== purpose || payload.sub !== organisationId) throw new Error('claims');
    if (payload.lang === 'sv' || payload.lang === 'en') locale = payload.lang;
  } catch {
    throw invalidField(['token'], 'feedLinkInvalid', 'query');
  }
  const t = messages(locale);
  const from = now.getTime() - pastDays * 86_400_000;
  const events = [];
  for (const offering of (await listOfferingsOfOrganisation(organisationId)).filter((o) => o.status === 'published')) {
    const [occurrences, enrolments] = await Promise.all([listOccurrencesOfOffering(offering.id), listEnrolmentsOfOffering(offering.id)]);
    for (const o of occurrences.filter((o) => Date.parse(o.end) >= from)) {
      const groups = enrolments.filter((e) => e.occurrenceIds.includes(o.id) && (e.status === 'booked' || e.status === 'requested' || e.status === 'offered'));
      events.push({
        uid: `${o.id}@tarjotin`,
        start: o.start,
        end: o.end,
        summary: pickText(offering.title, locale).text,
        description: groups.map((e) => `${t.csv.statuses[e.status]}: ${e.school}, ${e.groupName} (${e.children + e.adults})`).join('\n'),
        cancelled: o.cancelled !== undefined,
        sequence: o.version,
      });
    }
  }
  return { filename: 'tarjotin.ics', body: calendarFile(t.mail.enrolment.calendarName, events) };
}
