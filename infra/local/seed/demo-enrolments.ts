import { enrolmentGuardKey, enrolmentToItem } from '../../../functions/db/enrolment.ts';
import type { Enrolment } from '../../../shared/schemas/enrolment.ts';
import type { DemoData } from './demo-data.ts';
import { seededRandom } from './random.ts';

const schools = [
  { name: 'Kallion ala-aste', locale: 'fi' },
  { name: 'Töölön ala-aste', locale: 'fi' },
  { name: 'Päiväkoti Pikkukarhu', locale: 'fi' },
  { name: 'Vallilan yläaste', locale: 'fi' },
  { name: 'Kottby lågstadieskola', locale: 'sv' },
  { name: 'Daghemmet Solstrålen', locale: 'sv' },
  { name: 'International School of Helsinki', locale: 'en' },
] as const;

/**
 * The enrolments behind the demo occurrences' seats taken, so that every seat counter equals
 * the seats its stored enrolments hold (booked, or requested where approval is manual), with
 * their guards. Groups of the occurrence's allowed sizes from demo schools, in their languages.
 */
export function demoEnrolmentItems(data: DemoData, now: Date): Record<string, unknown>[] {
  const random = seededRandom(7);
  const offerings = new Map(data.offerings.map((o) => [o.id, o]));
  const items: Record<string, unknown>[] = [];
  let n = 0;
  for (const occurrence of data.occurrences) {
    const offering = offerings.get(occurrence.offeringId);
    if (!offering || offering.enrolment.mode !== 'internal') continue;
    let left = occurrence.seatsTaken;
    while (left > 0) {
      n++;
      const wanted = random.int(Math.max(occurrence.groupSize.min, 8), Math.max(occurrence.groupSize.min, Math.min(occurrence.groupSize.max, 26)));
      const persons = occurrence.capacity.unit === 'groups' ? wanted : Math.min(left, wanted);
      const adults = Math.min(2, Math.max(0, persons - 1));
      const school = random.pick(schools);
      const at = new Date(now.getTime() - random.int(1, 20) * 86_400_000).toISOString();
      const enrolment: Enrolment = {
        id: random.id(now.getTime() - 86_400_000),
        offeringId: offering.id,
        organisationId: offering.organisationId,
        status: offering.enrolment.approval === 'manual' && random.chance(0.4) ? 'requested' : 'booked',
        occurrenceIds: [occurrence.id],
        school: school.name,
        groupName: `${random.int(1, 6)}${random.pick(['A', 'B', 'C'])} ${n}`,
        studyLevels: [offering.studyLevels[0]!],
        children: persons - adults,
        adults,
        adultInCharge: { name: `Opettaja ${n}` },
        contact: { name: `Opettaja ${n}`, email: `opettaja.${n}@koulu.example`, phone: '+358 40 000 0000' },
        locale: school.locale,
        consentAt: at,
        ...(random.chance(0.5) ? { seenAt: at } : {}),
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      items.push(enrolmentToItem(enrolment), { ...enrolmentGuardKey(enrolment, occurrence.id), type: 'enrolment-guard', enrolmentId: enrolment.id });
      left -= occurrence.capacity.unit === 'groups' ? 1 : persons;
    }
  }
  return items;
}
