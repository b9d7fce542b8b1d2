import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table, written once and read by both runtimes: infra/cdk builds the AWS table
 * from it and infra/local creates the same table in DynamoDB Local. Index attribute names are
 * generic; each entity module names the access pattern an index serves for it.
 */
export const table = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: {
    gsi1: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    gsi2: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  },
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
} as const;

export type GlobalIndexName = keyof typeof table.globalIndexes;

/** The CreateTable request for DynamoDB Local (on-demand, every index projecting all attributes). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const indexes = Object.entries(table.globalIndexes);
  const keyNames = [table.partitionKey, table.sortKey, ...indexes.flatMap(([, k]) => [k.partitionKey, k.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map(([name, keys]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: keys.partitionKey, KeyType: 'HASH' },
        { AttributeName: keys.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream },
  };
}
