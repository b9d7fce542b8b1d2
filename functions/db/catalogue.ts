import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '../logger.ts';
import * as z from 'zod';
import { localizedText } from '../../shared/locale.ts';
import { id, timestamp } from '../../shared/schemas/common.ts';
import { occurrence } from '../../shared/schemas/occurrence.ts';
import { offering } from '../../shared/schemas/offering.ts';
import { venue } from '../../shared/schemas/venue.ts';
import { area } from '../../shared/vocabularies.ts';
import { db, tableName } from './client.ts';
import { queryAll } from './items.ts';

/**
 * One catalogue entry per offering: everything public search needs (card texts, filters,
 * enrolment rules and the upcoming occurrences with their free seats) in one small item,
 * rebuilt whenever its offering, occurrences, venue or organisation change. Search reads
 * entries, never offerings. `revision` orders rebuilds; an unpublished offering keeps its
 * entry with `published: false` so that readers syncing by revision see it leave.
 */
export const catalogueEntry = offering
  .pick({
    title: true,
    shortDescription: true,
    studyLevels: true,
    languages: true,
    priceCents: true,
    image: true,
    location: true,
    // Term ids; search reads their labels from the vocabularies. Entries written before these
    // were kept parse as none until their next rebuild (the daily upkeep at the latest).
    categories: true,
    keywords: true,
  })
  .extend({
    offeringId: id,
    published: z.boolean(),
    revision: z.string(),
    organisation: z.object({ id, name: localizedText(120) }),
    venueName: localizedText(120).optional(),
    area: area.optional(),
    /** The venue's accessibility features; none for offerings online or at the school. */
    accessibility: venue.shape.accessibility,
    enrolment: offering.shape.enrolment.pick({ mode: true, opensAt: true, closesDaysBefore: true }),
    occurrences: z.array(
      occurrence.pick({ id: true, start: true, end: true, languages: true }).extend({
        unit: occurrence.shape.capacity.shape.unit,
        seatsFree: z.int().min(0),
        minGroupSize: z.int(),
        cancelled: z.boolean(),
      }),
    ),
    builtAt: timestamp,
  });
export type CatalogueEntry = z.infer<typeof catalogueEntry>;

const CHANGES = 'CATALOGUE';
const entryKey = (offeringId: string) => ({ pk: `OFFER#${offeringId}`, sk: 'CATALOGUE' });

/** gsi2 serves "catalogue entries changed since a revision", which keeps search caches current. */
export function catalogueEntryToItem(entry: CatalogueEntry) {
  return { ...entryKey(entry.offeringId), gsi2pk: CHANGES, gsi2sk: entry.revision, type: 'catalogue-entry', ...entry };
}

/**
 * Writes an entry unless a newer revision is already stored, so a slow rebuild cannot replace
 * a faster, later one. Returns whether it was written.
 */
export async function putCatalogueEntry(entry: CatalogueEntry): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: catalogueEntryToItem(entry),
        ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
        ExpressionAttributeValues: { ':revision': entry.revision },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Access pattern: one offering's catalogue entry. */
export async function getCatalogueEntry(offeringId: string): Promise<CatalogueEntry | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: entryKey(offeringId), ConsistentRead: true }));
  return out.Item ? catalogueEntry.parse(out.Item) : undefined;
}

/** A stored entry that does not parse is skipped and logged: one bad item must not stop search. */
function parseEntries(items: Record<string, unknown>[]): CatalogueEntry[] {
  return items.flatMap((item) => {
    const parsed = catalogueEntry.safeParse(item);
    if (parsed.success) return [parsed.data];
    logger.error('Skipping an invalid catalogue entry', { pk: item.pk, issues: parsed.error.issues });
    return [];
  });
}

/** Access pattern: catalogue entries changed after `revision` (all of them when absent), oldest first. */
export async function listCatalogueChanges(afterRevision?: string): Promise<CatalogueEntry[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: afterRevision ? 'gsi2pk = :pk AND gsi2sk > :after' : 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': CHANGES, ...(afterRevision ? { ':after': afterRevision } : {}) },
  });
  return parseEntries(items);
}

/**
 * Access pattern: offerings whose catalogue entry was not rebuilt since `before`, oldest first,
 * a page at a time (pass the returned `next` to continue).
 */
export async function listCatalogueEntriesBuiltBefore(
  before: Date,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ offeringIds: string[]; next?: Record<string, unknown> }> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
      ExpressionAttributeValues: { ':pk': CHANGES, ':before': before.toISOString() },
      ProjectionExpression: 'offeringId',
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    offeringIds: (out.Items ?? []).map((item) => String(item.offeringId)),
    next: out.LastEvaluatedKey,
  };
}
