import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { dropTable, ensureTable } from '../../infra/local/table.ts';

/**
 * Gives the calling test file its own table in the shared DynamoDB Local and points the
 * functions' configuration at it. Call at the top level of a test file.
 */
export function useIsolatedTable(): { tableName: string; endpoint: string } {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `test-${randomUUID()}`;
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.LOG_LEVEL = 'ERROR';
  process.env.APP_SECRET ??= randomUUID() + randomUUID();
  beforeAll(() => ensureTable(endpoint, tableName));
  afterAll(() => dropTable(endpoint, tableName));
  return { tableName, endpoint };
}
