import { App, type CfnElement, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../functions/http/route.ts';
import { ApiFunction } from '../../infra/cdk/constructs/api-function.ts';

const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

let codeDir: string;

beforeAll(() => {
  codeDir = mkdtempSync(join(tmpdir(), 'tarjotin-api-function-'));
  writeFileSync(join(codeDir, 'index.mjs'), 'export const handler = async () => ({ statusCode: 204 });');
});

afterAll(() => rmSync(codeDir, { recursive: true, force: true }));

/**
 * Where the function goes: in the table's own stack, or as the stateless stack places it, in a
 * nested stack of a stack other than the table's. `stack` is the stack whose template holds it.
 */
const placements = {
  'in the table’s stack': () => {
    const stack = new Stack(new App(), 'Test');
    return { table: table(stack), stack };
  },
  'in a nested stack of another stack': () => {
    const app = new App();
    const stateful = new Stack(app, 'Stateful');
    const stack = new NestedStack(new Stack(app, 'Stateless'), 'Group');
    return { table: table(stateful), stack };
  },
};

const table = (stack: Stack) => new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });

describe.each(Object.entries(placements))('ApiFunction %s', (_, place) => {
  /** The DynamoDB actions a function with the given access ends up allowed. */
  function tableActionsFor(access: Route['table']): string[] {
    const { table, stack } = place();
    new ApiFunction(stack, 'Fn', { codeDir, table: { table, access } });

    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    return Object.values(policies)
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .flatMap((statement: { Action: string | string[] }) => [statement.Action].flat())
      .filter((action) => action.startsWith('dynamodb:'));
  }

  it('grants read and write table access to functions that write', () => {
    expect(tableActionsFor('write')).toEqual(expect.arrayContaining([...writeActions, 'dynamodb:GetItem', 'dynamodb:Query']));
  });

  it('grants reads but no writes to functions that only read', () => {
    const actions = tableActionsFor('read');

    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions.filter((action) => writeActions.includes(action))).toEqual([]);
  });

  it('grants nothing on the table to functions that do not use it', () => {
    expect(tableActionsFor('none')).toEqual([]);
  });

  it('lets a function that checks sessions but does not otherwise use the table read and write only people’s partitions', () => {
    const { table, stack } = place();
    new ApiFunction(stack, 'Fn', { codeDir, table: { table, access: 'none', sessions: true } });

    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PERSON#*'] } },
      }),
    ]);
  });

  it('grants on its own table and names it in TABLE_NAME, whichever stack holds the table', () => {
    const { table, stack } = place();
    new ApiFunction(stack, 'Fn', { codeDir, table: { table, access: 'read' } });

    const template = Template.fromStack(stack);
    const tableId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    const resources = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .flatMap((statement: { Resource: unknown }) => [statement.Resource].flat());
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(JSON.stringify(resource)).toContain(tableId);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(JSON.stringify(fn!.Properties.Environment.Variables.TABLE_NAME)).toContain(tableId);
  });

  it('creates its own log group kept for a month', () => {
    const { stack } = place();
    new ApiFunction(stack, 'Fn', { codeDir });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^FnLogs') } },
    });
  });
});
