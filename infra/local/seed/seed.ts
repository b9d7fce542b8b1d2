import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { catalogueEntryToItem } from '../../../functions/db/catalogue.ts';
import { db, tableName } from '../../../functions/db/client.ts';
import { batchPut } from '../../../functions/db/items.ts';
import { occurrenceToItem, offeringToItem } from '../../../functions/db/offering.ts';
import { organisationToItem } from '../../../functions/db/organisation.ts';
import { venueToItem } from '../../../functions/db/venue.ts';
import { termToItem } from '../../../functions/db/vocabulary.ts';
import { demoAccountItems, demoGuardianEmail } from './demo-accounts.ts';
import { demoCatalogueEntries, generateDemoData, type DemoData } from './demo-data.ts';
import { demoEnrolmentItems } from './demo-enrolments.ts';
import { demoGodchildItems } from './demo-godchild.ts';
import { demoTerms } from './demo-vocabularies.ts';

/** Written last, so a table holds demo data only once and a half-finished seed shows as unseeded. */
const marker = { pk: 'SEED', sk: 'demo' };

export async function isSeeded(): Promise<boolean> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: marker, ConsistentRead: true }));
  return out.Item !== undefined;
}

/** Writes demo data into the configured table, unless it is there already. */
export async function seedDemoData(options: { now?: Date; offerings?: number; occurrences?: number; seed?: number } = {}) {
  if (await isSeeded()) return undefined;
  const now = options.now ?? new Date();
  const data = generateDemoData({ ...options, now });
  await writeDemoData(data, now);
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...marker, seededAt: now.toISOString() } }));
  return data;
}

export async function writeDemoData(data: DemoData, now: Date): Promise<void> {
  const accounts = demoAccountItems(data, now);
  const guardian = accounts.find((item) => item.email === demoGuardianEmail && item.sk === 'PERSON');
  if (!guardian) throw new Error('The demo guardian is missing from the demo accounts');
  await batchPut([
    ...data.organisations.map(organisationToItem),
    ...data.venues.map(venueToItem),
    ...data.offerings.map(offeringToItem),
    ...data.occurrences.map(occurrenceToItem),
    ...demoCatalogueEntries(data, now).map(catalogueEntryToItem),
    ...demoTerms.map(termToItem),
    ...accounts,
    ...demoEnrolmentItems(data, now),
    ...demoGodchildItems(data, String(guardian.id), demoGuardianEmail, now).items,
  ]);
}
