import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Config } from '../../../functions/config.ts';
import { personKey } from '../../../functions/db/person.ts';
import type { Route } from '../../../functions/http/route.ts';

export type LogLevel = Config['LOG_LEVEL'];

export type ApiFunctionProps = {
  /** The folder holding the function's bundled index.mjs (see bundle.ts). */
  codeDir: string;
  /**
   * The table and what the function may do to it; nothing is granted when left out. `sessions`:
   * the function checks sessions, which writes each one's "last seen" (and deletes it once idle),
   * so it may update and delete items in people's partitions whatever its access.
   */
  table?: { table: ITableV2; access: Route['table']; sessions?: boolean };
  environment?: Record<string, string>;
  logLevel?: LogLevel;
  memorySize?: number;
  timeout?: Duration;
};

/**
 * A Lambda function with Tarjotin's defaults: Node.js 24 on ARM64, source-mapped stack traces,
 * a log group kept for a month, and table access no wider than the function declares.
 */
export class ApiFunction extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      // The logs belong to the function: a removed function should not leave a group behind.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.function = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(props.codeDir),
      handler: 'index.handler',
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: props.logLevel ?? 'INFO',
        // Given with the table whatever the access: functions/config.ts requires it of every function.
        ...(props.table ? { TABLE_NAME: props.table.table.tableName } : {}),
        ...props.environment,
      },
    });

    if (props.table?.access === 'read') props.table.table.grantReadData(this.function);
    if (props.table?.access === 'write') props.table.table.grantReadWriteData(this.function);
    if (props.table?.sessions && props.table.access !== 'write') {
      this.function.addToRolePolicy(sessionStatement(props.table.table, props.table.access === 'none'));
    }
  }
}

/** Partition keys of people (`PERSON#<id>`), whose partitions hold their sessions. */
export const personPartitions = `${personKey('').pk}*`;

/**
 * Updating and deleting items, only in people's partitions: enough to keep a session's "last
 * seen" and end an idle one, not to write anything else. A function that otherwise does not use
 * the table also needs to read the person and their sessions.
 */
function sessionStatement(table: ITableV2, alsoRead: boolean): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [...(alsoRead ? ['dynamodb:GetItem', 'dynamodb:Query'] : []), 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [personPartitions] } },
  });
}
