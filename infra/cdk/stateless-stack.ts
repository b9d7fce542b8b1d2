import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from '../../functions/http/route.ts';
import { routes } from '../../functions/http/routes.ts';
import { jobs } from '../../functions/jobs/schedule.ts';
import { notFoundFunction } from './bundle.ts';
import { ApiFunction, type LogLevel } from './constructs/api-function.ts';
import { functionsBuildDir } from './paths.ts';

export type StatelessStackProps = StackProps & {
  table: ITableV2;
  /** Where bundleFunctions() wrote the bundles. */
  functionsDir?: string;
  logLevel?: LogLevel;
};

const pascalCase = (name: string): string => name[0]?.toUpperCase() + name.slice(1);

/**
 * The HTTP API: one function per entry of the route table, each with its own route and only the
 * table access its entry declares, and a not-found function for every other path; and one
 * function per scheduled job, started by an EventBridge rule.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** Every function, by route or job name (and `notFound`). */
  readonly functions: Record<string, lambda.IFunction> = {};

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const functionsDir = props.functionsDir ?? functionsBuildDir;

    const tarjotinFunction = (name: string, { handler, table }: Pick<Route, 'handler' | 'table'>, timeout?: Duration) => {
      const codeDir = join(functionsDir, name);
      if (!existsSync(join(codeDir, 'index.mjs'))) {
        throw new Error(`No bundle in ${codeDir}: ${handler} must exist and be bundled (node infra/cdk/bundle.ts).`);
      }
      const { function: fn } = new ApiFunction(this, pascalCase(name), {
        codeDir,
        table: { table: props.table, access: table },
        logLevel: props.logLevel,
        timeout,
      });
      this.functions[name] = fn;
      return fn;
    };
    const integration = (name: string, route: Pick<Route, 'handler' | 'table'>) =>
      new HttpLambdaIntegration(`${pascalCase(name)}Integration`, tarjotinFunction(name, route));

    this.api = new HttpApi(this, 'Api', {
      description: 'Tarjotin API',
      defaultIntegration: integration(notFoundFunction.name, { handler: notFoundFunction.handler, table: 'none' }),
    });
    for (const [name, route] of Object.entries(routes)) {
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integration(name, route) });
    }

    for (const [name, job] of Object.entries(jobs)) {
      new events.Rule(this, `${pascalCase(name)}Schedule`, {
        description: job.summary,
        schedule: events.Schedule.rate(Duration.minutes(job.everyMinutes)),
        targets: [new targets.LambdaFunction(tarjotinFunction(name, job, Duration.seconds(job.timeoutSeconds)))],
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'HTTP API endpoint' });
  }
}
