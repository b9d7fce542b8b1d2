import { TZDate } from '@date-fns/tz';
import { childYearKey } from '../../../functions/db/child-year.ts';
import { cohortToItem } from '../../../functions/db/cohort.ts';
import { childToItem, familyToItem, guardianLinkKey } from '../../../functions/db/family.ts';
import { occurrenceToItem, offeringToItem } from '../../../functions/db/offering.ts';
import { roundToItem } from '../../../functions/db/round.ts';
import { firstComeGuardKey } from '../../../functions/db/first-come.ts';
import { ticketRefAction, ticketToItem } from '../../../functions/db/ticket.ts';
import type { Child, Cohort, Family, InviteKind, Round, Ticket } from '../../../shared/schemas/godchild.ts';
import type { Occurrence } from '../../../shared/schemas/occurrence.ts';
import type { Offering } from '../../../shared/schemas/offering.ts';
import { offeringLanguages } from '../../../shared/vocabularies.ts';
import { addLocalDays, endOfLocalDay, localDateOf, timeZone } from '../../../shared/time.ts';
import type { DemoData } from './demo-data.ts';
import { seededRandom, type Random } from './random.ts';

/** Birth years served: every child of the city until school age. */
export const demoBirthYears = [2020, 2021, 2022, 2023, 2024, 2025, 2026] as const;
/** The demo city's postal codes all start 00 (Helsinki); 02 (Espoo) and 01 (Vantaa) are elsewhere. */
const postalCodes = ['00100', '00180', '00250', '00500', '00530', '00550', '00610', '00700', '00810', '00920', '00970'];

const experienceTemplates: Array<{
  organisationKey: string;
  invite: InviteKind;
  eventGroup?: string;
  title: Record<'fi' | 'sv' | 'en', string>;
  short: Record<'fi' | 'sv' | 'en', string>;
}> = [
  {
    organisationKey: 'city-museum',
    invite: 'child-and-one',
    title: { fi: 'Kummilasten museoretki', sv: 'Gudbarnens museiutflykt', en: 'Godchildren’s museum trip' },
    short: { fi: 'Tutkimusretki museon aarteisiin lapselle ja aikuiselle.', sv: 'En upptäcktsfärd bland museets skatter för barn och vuxen.', en: 'An expedition among the museum’s treasures for a child and an adult.' },
  },
  {
    organisationKey: 'city-theatre',
    invite: 'child-and-up-to-two',
    eventGroup: 'theatre-2027',
    title: { fi: 'Kummilasten teatteriaamu', sv: 'Gudbarnens teatermorgon', en: 'Godchildren’s theatre morning' },
    short: { fi: 'Lyhyt näytelmä ja tutustuminen lavan taakse.', sv: 'En kort pjäs och en titt bakom scenen.', en: 'A short play and a look behind the stage.' },
  },
  {
    organisationKey: 'childrens-theatre',
    invite: 'child-and-up-to-two',
    eventGroup: 'theatre-2027',
    title: { fi: 'Satumaan nukketeatteri kummilapsille', sv: 'Sagolandets dockteater för gudbarn', en: 'Satumaa puppet theatre for godchildren' },
    short: { fi: 'Nukketeatteriesitys pienille katsojille.', sv: 'En dockteaterföreställning för små åskådare.', en: 'A puppet show for small audiences.' },
  },
  {
    organisationKey: 'city-orchestra',
    invite: 'family',
    title: { fi: 'Perhekonsertti kummilapsille', sv: 'Familjekonsert för gudbarn', en: 'Family concert for godchildren' },
    short: { fi: 'Orkesteri soittaa koko perheelle.', sv: 'Orkestern spelar för hela familjen.', en: 'The orchestra plays for the whole family.' },
  },
];

export type DemoGodchild = { cohorts: Cohort[]; items: Record<string, unknown>[] };

const stamped = (now: Date) => ({ version: 1, createdAt: now.toISOString(), updatedAt: now.toISOString() });

function helsinki(date: string, hour: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, 0, timeZone).getTime()).toISOString();
}

/**
 * The culture-godchild demo: a cohort per birth year, experiences of four providers for each,
 * about 350 registered families with preferences, and two rounds — the 2022 cohort's round has
 * passed its preference deadline (the admin previews and commits it), the 2023 cohort's takes
 * preferences for two more weeks. The demo guardian (`perhe@`) has children in both and a
 * first-come ticket for a City Museum experience tonight, which the demo door staff (`ovi@`)
 * can check.
 */
export function demoGodchildItems(data: DemoData, guardianPersonId: string, guardianEmail: string, now: Date): DemoGodchild {
  const random = seededRandom(11);
  const time = now.getTime();
  const today = localDateOf(now);
  const items: Record<string, unknown>[] = [];

  const cohorts: Cohort[] = demoBirthYears.map((birthYear) => ({ id: random.id(time), birthYear, postalCodes: ['00'], yearlyLimit: 2, active: true, ...stamped(now) }));
  items.push(...cohorts.map(cohortToItem));
  const cohortOf = new Map(cohorts.map((c) => [c.birthYear, c]));

  // Experiences: each provider's for every cohort, with weekend and afternoon occurrences.
  const occurrencesByCohort = new Map<string, Array<{ offering: Offering; occurrence: Occurrence }>>();
  for (const cohort of cohorts) {
    for (const template of experienceTemplates) {
      const organisationId = data.organisationKeys.get(template.organisationKey);
      const base = data.offerings.find((o) => o.organisationId === organisationId && o.location.kind === 'venue');
      if (!organisationId || !base) continue;
      const offering: Offering = {
        ...base,
        id: random.id(time),
        title: { fi: `${template.title.fi} ${cohort.birthYear}`, sv: `${template.title.sv} ${cohort.birthYear}`, en: `${template.title.en} ${cohort.birthYear}` },
        shortDescription: template.short,
        description: template.short,
        image: undefined,
        studyLevels: ['age-0-2', 'age-3-4', 'preschool'],
        priceCents: 0,
        priceInfo: undefined,
        enrolment: { ...base.enrolment, mode: 'none', externalUrl: undefined, opensAt: undefined },
        godchild: { cohortId: cohort.id, invite: template.invite, ...(template.eventGroup ? { eventGroup: template.eventGroup } : {}) },
        ...stamped(now),
      };
      items.push(offeringToItem(offering));
      for (let i = 0; i < 3; i++) {
        const day = addLocalDays(today, 21 + random.int(0, 60));
        const start = helsinki(day, random.pick([10, 13, 15, 17]));
        const occurrence: Occurrence = {
          id: random.id(time),
          offeringId: offering.id,
          start,
          end: new Date(Date.parse(start) + 75 * 60_000).toISOString(),
          languages: random.chance(0.2) ? ['sv'] : ['fi'],
          // The 2022 round, ready for the admin, is contested: some families wait.
          capacity: { unit: 'persons', total: cohort.birthYear === 2022 ? random.pick([4, 6, 8]) : random.pick([18, 24, 30]) },
          groupSize: { min: 2, max: 8 },
          seatsTaken: 0,
          ...stamped(now),
        };
        items.push(occurrenceToItem(occurrence));
        occurrencesByCohort.set(cohort.id, [...(occurrencesByCohort.get(cohort.id) ?? []), { offering, occurrence }]);
      }
    }
  }

  // Registered families: one or two children of different birth years, now and then twins.
  const familyChildren = new Map<string, Child[]>();
  const addFamily = (family: Family, children: Child[]) => {
    items.push(familyToItem(family), ...children.map(childToItem));
    for (const personId of family.guardianIds) items.push({ ...guardianLinkKey(personId), type: 'guardian', personId, familyId: family.id, createdAt: family.createdAt });
    familyChildren.set(family.id, children);
  };
  const childOf = (familyId: string, birthYear: number, firstName?: string, random_: Random = random): Child => ({
    id: random_.id(time),
    familyId,
    cohortId: cohortOf.get(birthYear)!.id,
    birthYear,
    postalCode: random_.pick(postalCodes),
    homeLanguages: random_.chance(0.07) ? ['sv'] : random_.chance(0.1) ? [random_.pick(offeringLanguages.slice(3)), 'fi'] : ['fi'],
    ...(firstName ? { firstName } : {}),
    pastExperiences: random_.pick([0, 0, 0, 1, 1, 2, 3]),
    ...stamped(now),
  });
  const names = ['Aino', 'Eino', 'Helmi', 'Leo', 'Olivia', 'Väinö', 'Ella', 'Elias', 'Saga', 'Noel', 'Alma', 'Oliver'];
  for (let i = 0; i < 350; i++) {
    const familyId = random.id(time);
    const first = random.pick(demoBirthYears);
    const children = [childOf(familyId, first, random.chance(0.6) ? random.pick(names) : undefined)];
    if (random.chance(0.03)) children.push(childOf(familyId, first, random.chance(0.6) ? random.pick(names) : undefined));
    if (random.chance(0.3)) children.push(childOf(familyId, random.pick(demoBirthYears.filter((y) => y !== first))));
    const byLetter = random.chance(0.05);
    addFamily(
      {
        id: familyId,
        guardianIds: [random.id(time)],
        ...(byLetter ? {} : { email: `perhe${i + 1}@koti.example` }),
        locale: random.chance(0.08) ? 'sv' : random.chance(0.05) ? 'en' : 'fi',
        nonEssentialMail: random.chance(0.5),
        ...stamped(now),
      },
      children,
    );
  }

  // The demo guardian's own family.
  const demoFamilyId = random.id(time);
  const demoChildren = [childOf(demoFamilyId, 2022, 'Aino'), childOf(demoFamilyId, 2023, 'Eino'), childOf(demoFamilyId, 2020, 'Onni')];
  addFamily({ id: demoFamilyId, guardianIds: [guardianPersonId], email: guardianEmail, locale: 'fi', nonEssentialMail: true, ...stamped(now) }, demoChildren);

  // Rounds: 2022's deadline has passed (ready for the admin), 2023's is open for preferences.
  const rounds: Array<{ birthYear: number; deadlineDays: number; name: Record<'fi' | 'sv' | 'en', string> }> = [
    { birthYear: 2022, deadlineDays: -1, name: { fi: 'Kevät 2027, vuonna 2022 syntyneet', sv: 'Våren 2027, födda 2022', en: 'Spring 2027, born in 2022' } },
    { birthYear: 2023, deadlineDays: 14, name: { fi: 'Kevät 2027, vuonna 2023 syntyneet', sv: 'Våren 2027, födda 2023', en: 'Spring 2027, born in 2023' } },
  ];
  for (const spec of rounds) {
    const cohort = cohortOf.get(spec.birthYear)!;
    const round: Round = {
      id: random.id(time),
      cohortId: cohort.id,
      name: spec.name,
      status: 'open',
      preferencesDeadline: helsinki(addLocalDays(today, spec.deadlineDays), 16),
      respondDays: 7,
      offerHoldHours: 48,
      seed: `demo-${spec.birthYear}`,
      ...stamped(now),
    };
    items.push({ ...roundToItem(round) }, { pk: `COHORT#${cohort.id}`, sk: 'ACTIVEROUND', type: 'active-round', roundId: round.id });
    // About two families in three state preferences.
    for (const [familyId, children] of familyChildren) {
      if (!children.some((c) => c.cohortId === cohort.id) || familyId === demoFamilyId || !random.chance(0.65)) continue;
      items.push({
        pk: `ROUND#${round.id}`,
        sk: `PREF#${familyId}`,
        type: 'preferences',
        roundId: round.id,
        familyId,
        updatedAt: now.toISOString(),
        languages: random.chance(0.15) ? ['sv'] : random.chance(0.5) ? ['fi'] : [],
        areas: random.chance(0.4) ? [random.pick(['southern', 'central', 'western', 'eastern', 'northern'])] : [],
        weekdays: random.chance(0.5) ? [6, 7] : [],
        timesOfDay: random.chance(0.4) ? [random.pick(['morning', 'afternoon'])] : [],
        accessibilityNeeds: random.chance(0.03) ? ['step-free-access'] : [],
        guardians: random.chance(0.4) ? 2 : 1,
        otherChildren: random.chance(0.3) ? 1 : 0,
      });
    }
  }

  // Tonight at City Museum: an experience of the 2020 cohort (its round is over), with Onni's ticket.
  const museumId = data.organisationKeys.get('city-museum');
  const museumBase = data.offerings.find((o) => o.organisationId === museumId && o.location.kind === 'venue');
  const onni = demoChildren[2]!;
  if (museumId && museumBase && museumBase.location.kind === 'venue') {
    const tonight = occurrencesByCohort.get(cohortOf.get(2020)!.id)!.find((o) => o.offering.organisationId === museumId)!;
    // At six tonight, or soon if that has passed, but always today, so the door's check says valid.
    const latestToday = endOfLocalDay(today).getTime() - 60_000;
    const start = new Date(Math.min(Math.max(Date.parse(helsinki(today, 18)), time + 5 * 60_000), latestToday)).toISOString();
    const occurrence: Occurrence = { ...tonight.occurrence, id: random.id(time), start, end: new Date(Date.parse(start) + 75 * 60_000).toISOString(), seatsTaken: 2 };
    items.push(occurrenceToItem(occurrence));
    const ticket: Ticket = {
      id: random.id(time),
      cohortId: onni.cohortId,
      familyId: demoFamilyId,
      childIds: [onni.id],
      offeringId: tonight.offering.id,
      occurrenceId: occurrence.id,
      organisationId: museumId,
      venueId: museumBase.location.venueId,
      persons: 2,
      source: 'first-come',
      status: 'valid',
      createdAt: now.toISOString(),
    };
    items.push(ticketToItem(ticket, { day: localDateOf(new Date(start)), start }));
    items.push(ticketRefAction(ticket).Put!.Item!);
    items.push({ ...childYearKey(onni.id, Number(localDateOf(new Date(start)).slice(0, 4))), type: 'child-year', childId: onni.id, year: Number(localDateOf(new Date(start)).slice(0, 4)), used: 1 });
    items.push({ ...firstComeGuardKey(onni.id, occurrence.id), type: 'first-come-guard', ticketId: ticket.id, offeringId: ticket.offeringId });
  }
  return { cohorts, items };
}
