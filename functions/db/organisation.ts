import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { organisation, type Organisation } from '../../shared/schemas/organisation.ts';
import { db, tableName } from './client.ts';
import type { Key } from './items.ts';

export const organisationKey = (id: string): Key => ({ pk: `ORG#${id}`, sk: 'ORG' });

export function organisationToItem(value: Organisation) {
  return { ...organisationKey(value.id), type: 'organisation', ...value };
}

export function organisationFromItem(item: Record<string, unknown>): Organisation {
  return organisation.parse(item);
}

/** Access pattern: organisation by id. */
export async function getOrganisation(id: string): Promise<Organisation | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: organisationKey(id) }));
  return out.Item ? organisationFromItem(out.Item) : undefined;
}
