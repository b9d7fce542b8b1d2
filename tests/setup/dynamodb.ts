import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/**
 * One in-memory DynamoDB Local for the whole run (the real engine, not an emulation). Test
 * files isolate themselves by creating their own tables. A missing Java fails the run with the
 * install command rather than skipping anything.
 */
export default async function setup(project: TestProject) {
  const dynamoDb = await startDynamoDbLocal({ port: 0 });
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  return () => dynamoDb.stop();
}
