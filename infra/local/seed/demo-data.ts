import { TZDate } from '@date-fns/tz';
import type { CatalogueEntry } from '../../../functions/db/catalogue.ts';
import { buildCatalogueEntry } from '../../../functions/domain/catalogue.ts';
import type { Occurrence } from '../../../shared/schemas/occurrence.ts';
import type { Offering } from '../../../shared/schemas/offering.ts';
import type { Organisation } from '../../../shared/schemas/organisation.ts';
import type { Venue } from '../../../shared/schemas/venue.ts';
import { addLocalDays, localDateOf, timeZone } from '../../../shared/time.ts';
import { demoOfferings, demoOrganisations, demoVenues, type DemoOffering } from './demo-content.ts';
import { demoCategories, demoKeywords, demoOfferingTerms } from './demo-vocabularies.ts';
import { seededRandom, type Random } from './random.ts';

export type DemoData = {
  organisations: Organisation[];
  venues: Venue[];
  offerings: Offering[];
  occurrences: Occurrence[];
  /** Demo organisation keys (`city-museum`) to their ids. */
  organisationKeys: Map<string, string>;
};

const cancellationReasons = [
  { fi: 'Esiintyjän sairastumisen vuoksi', sv: 'På grund av att en artist insjuknat', en: 'A performer has fallen ill' },
  { fi: 'Tila on remontissa', sv: 'Lokalen renoveras', en: 'The venue is being renovated' },
  { fi: 'Liian vähän ilmoittautuneita', sv: 'För få anmälda', en: 'Too few enrolments' },
];

/** Start times teachers actually book: school mornings and early afternoons, Helsinki time. */
const startTimes = [
  [8, 30],
  [9, 0],
  [9, 30],
  [10, 0],
  [10, 30],
  [11, 0],
  [12, 15],
  [13, 0],
] as const;

function occurrencesOf(offering: Offering, template: DemoOffering, count: number, now: Date, random: Random): Occurrence[] {
  const today = localDateOf(now);
  const result: Occurrence[] = [];
  for (let i = 0; i < count; i++) {
    // Spread over the next four months, weekdays only.
    let day = addLocalDays(today, random.int(1, 120));
    while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addLocalDays(day, 1);
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const [hour, minute] = random.pick(startTimes);
    const start = new Date(new TZDate(y, m - 1, d, hour, minute, timeZone).getTime());
    const end = new Date(start.getTime() + offering.durationMinutes * 60_000);
    const total = template.capacity.total;
    const roll = random.next();
    // About one in eight full, one in fifteen cancelled; the rest partly booked.
    const seatsTaken = roll < 0.12 ? total : roll < 0.5 ? 0 : random.int(0, Math.max(0, total - template.groupSize.min));
    const stamp = now.toISOString();
    result.push({
      id: random.id(now.getTime()),
      offeringId: offering.id,
      start: start.toISOString(),
      end: end.toISOString(),
      languages: offering.languages,
      capacity: template.capacity,
      groupSize: template.groupSize,
      seatsTaken,
      cancelled: random.chance(0.07) ? { at: stamp, reason: random.pick(cancellationReasons) } : undefined,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
    });
  }
  return result;
}

/** Splits `total` occurrences over `count` offerings unevenly (some have few, some many), exactly. */
function spread(total: number, count: number, random: Random): number[] {
  const average = Math.max(1, Math.round(total / count));
  const counts = Array.from({ length: count }, () => random.int(Math.max(1, average - 4), average + 4));
  let sum = counts.reduce((a, b) => a + b, 0);
  while (sum !== total) {
    const i = random.int(0, count - 1);
    const current = counts[i] as number;
    if (sum < total) {
      counts[i] = current + 1;
      sum++;
    } else if (current > 1) {
      counts[i] = current - 1;
      sum--;
    }
  }
  return counts;
}

/**
 * The demo city's providers, venues, offerings and occurrences, relative to `now` so the demo
 * always has a future. `offerings` beyond the 60 written ones repeat them with numbered titles
 * (for benchmarks); the same seed gives the same data.
 */
export function generateDemoData(options: { now: Date; offerings?: number; occurrences?: number; seed?: number }): DemoData {
  const { now } = options;
  const random = seededRandom(options.seed ?? 2026);
  const stamp = now.toISOString();
  const versioned = { version: 1, createdAt: stamp, updatedAt: stamp };

  const organisationIds = new Map(demoOrganisations.map((o) => [o.key, random.id(now.getTime())]));
  const organisations: Organisation[] = demoOrganisations.map((o) => ({
    id: organisationIds.get(o.key) as string,
    name: o.name,
    kind: o.kind,
    status: 'accepted',
    website: o.website,
    ...versioned,
  }));

  const venueIds = new Map(demoVenues.map((v) => [v.key, random.id(now.getTime())]));
  const venues: Venue[] = demoVenues.map((v) => ({
    id: venueIds.get(v.key) as string,
    organisationId: organisationIds.get(v.organisationKey) as string,
    name: v.name,
    address: v.address,
    area: v.area,
    facilities: v.facilities,
    accessibility: v.accessibility,
    accessibilityInfo: v.accessibilityInfo,
    ...versioned,
  }));

  const count = options.offerings ?? demoOfferings.length;
  const perOffering = spread(options.occurrences ?? 420, count, random);
  const offerings: Offering[] = [];
  const occurrences: Occurrence[] = [];
  for (let i = 0; i < count; i++) {
    const template = demoOfferings[i % demoOfferings.length] as DemoOffering;
    const round = Math.floor(i / demoOfferings.length);
    const numbered = (text: Record<'fi' | 'sv' | 'en', string>) =>
      round === 0 ? text : { fi: `${text.fi} ${round + 1}`, sv: `${text.sv} ${round + 1}`, en: `${text.en} ${round + 1}` };
    const opensLater = random.chance(0.08);
    const offering: Offering = {
      id: random.id(now.getTime()),
      organisationId: organisationIds.get(template.organisationKey) as string,
      status: 'published',
      title: numbered(template.title),
      shortDescription: template.shortDescription,
      description: template.description,
      categories: (demoOfferingTerms[template.key]?.[0] ?? []).map((key) => demoCategories[key].id),
      keywords: (demoOfferingTerms[template.key]?.[1] ?? []).map((key) => demoKeywords[key].id),
      studyLevels: template.studyLevels,
      languages: template.languages,
      durationMinutes: template.durationMinutes,
      priceCents: template.priceCents,
      location:
        template.location === 'virtual' || template.location === 'at-school'
          ? { kind: template.location }
          : { kind: 'venue', venueId: venueIds.get(template.location) as string },
      contact: template.contact,
      enrolment: {
        mode: template.enrolment.mode,
        externalUrl: template.enrolment.externalUrl,
        opensAt: opensLater ? new Date(now.getTime() + random.int(3, 20) * 86_400_000).toISOString() : undefined,
        closesDaysBefore: template.enrolment.closesDaysBefore,
        approval: template.enrolment.approval,
        visitsPerBooking: 1,
        mandatoryInfo: false,
        waitlist: template.enrolment.waitlist,
        cancellationDaysBefore: 2,
        reminderDaysBefore: 3,
      },
      ...versioned,
    };
    offerings.push(offering);
    occurrences.push(...occurrencesOf(offering, template, perOffering[i] ?? 1, now, random));
  }
  return { organisations, venues, offerings, occurrences, organisationKeys: organisationIds };
}

/** The catalogue entry of every demo offering, as a rebuild at `now` would write it. */
export function demoCatalogueEntries(data: DemoData, now: Date): CatalogueEntry[] {
  const organisations = new Map(data.organisations.map((o) => [o.id, o]));
  const venues = new Map(data.venues.map((v) => [v.id, v]));
  const occurrences = Map.groupBy(data.occurrences, (o: Occurrence) => o.offeringId);
  return data.offerings.map((offering) =>
    buildCatalogueEntry({
      offering,
      occurrences: occurrences.get(offering.id) ?? [],
      organisation: organisations.get(offering.organisationId) as Organisation,
      venues,
      now,
    }),
  );
}
