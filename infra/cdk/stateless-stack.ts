import { CfnOutput, Duration, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { needsAppSecret, type Route } from '../../functions/http/route.ts';
import { routes as routeTable } from '../../functions/http/routes.ts';
import { jobs as jobSchedule, type Job } from '../../functions/jobs/schedule.ts';
import { imageObjectKey } from '../../functions/storage/images.ts';
import { notFoundFunction } from './bundle.ts';
import { ApiFunction, type LogLevel } from './constructs/api-function.ts';
import { functionsBuildDir } from './paths.ts';
import { mailFromAddress, type DeploySettings } from './settings.ts';
import { limitResources } from './stack-limits.ts';

export type StatelessStackProps = StackProps & {
  table: ITableV2;
  /** Uploaded images; only functions that store them may write here. */
  images: IBucket;
  /** Given as APP_SECRET only to functions that sign or check sessions or client addresses. */
  appSecret: ISecret;
  settings: DeploySettings;
  /** Where bundleFunctions() wrote the bundles. */
  functionsDir?: string;
  logLevel?: LogLevel;
  /** The API's routes: functions/http/routes.ts unless given (tests size the stacks with more). */
  routes?: Record<string, Route>;
  /** The scheduled jobs: functions/jobs/schedule.ts unless given. */
  jobs?: Record<string, Job>;
};

/** `listOfferings` → `ListOfferings`, `manage-offerings` → `ManageOfferings`. */
const pascalCase = (name: string): string =>
  name
    .split('-')
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');

/** The nested stack of the scheduled jobs' functions. */
export const jobsGroup = 'jobs';

/**
 * The group, and so the nested stack, a route's function belongs to: the resource folder of its
 * handler, `functions/http/<group>/`. A folder is a stable unit: adding a route never moves
 * another route's function to a different stack.
 */
export function routeGroup(route: Pick<Route, 'handler'>): string {
  const group = /^functions\/http\/([a-z0-9]+(?:-[a-z0-9]+)*)\/[^/]+$/.exec(route.handler)?.[1];
  if (!group) throw new Error(`${route.handler}: a route's handler must be in a resource folder, functions/http/<resource>/<file>.ts`);
  if (group === jobsGroup) throw new Error(`${route.handler}: functions/http/${jobsGroup}/ would share its name with the jobs' nested stack; rename the folder`);
  return group;
}

/** What a function needs beyond its code, from its route-table or job-schedule entry. */
type Needs = Pick<Route, 'handler' | 'table'> & {
  /** Checks sessions: keeps their "last seen" even when it only reads the table. */
  sessions?: boolean;
  appSecret?: boolean;
  sendsMail?: boolean;
  storesImages?: boolean;
};

const routeNeeds = (route: Route): Needs => ({
  handler: route.handler,
  table: route.table,
  sessions: route.auth === 'signed-in' || route.auth === 'admin',
  appSecret: needsAppSecret(route),
  sendsMail: route.sendsMail,
  storesImages: route.storesImages,
});
const jobNeeds = (job: Job): Needs => ({ handler: job.handler, table: job.table, sendsMail: job.sendsMail, appSecret: job.usesSecret });

/**
 * The HTTP API: one function per entry of the route table, each with its own route and only what
 * its entry declares (table access, the app secret, SES, the images bucket), and a not-found
 * function for every other path; and one function per scheduled job, started by an EventBridge rule.
 *
 * Each function brings about seven resources (function, log group, role, policy, and its route,
 * integration and invoke permission), so one template would pass CloudFormation's 500 at about 70
 * routes. The functions therefore live in nested stacks, one per resource folder of
 * functions/http (`routeGroup`) and one for the jobs, each holding its functions' routes,
 * integrations and permissions too: this stack keeps the API, its `$default` route and the
 * not-found function, and grows by one resource per group, not per route.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** Every function, by route or job name (and `notFound`). */
  readonly functions: Record<string, lambda.IFunction> = {};
  /** The nested stacks holding the functions, by route group (`routeGroup`) and `jobs`. */
  readonly groups: Record<string, NestedStack> = {};

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const functionsDir = props.functionsDir ?? functionsBuildDir;
    const routes = props.routes ?? (routeTable as Record<string, Route>);
    const jobs = props.jobs ?? (jobSchedule as Record<string, Job>);
    limitResources(this, 'Move more of it into nested stacks.');

    const { publicUrl, mailFrom, firstAdminEmail } = props.settings;
    // Settings, not rights: every function gets them, so none can miss one.
    const siteEnvironment = {
      PUBLIC_URL: publicUrl,
      MAIL_FROM: mailFrom,
      ...(firstAdminEmail ? { FIRST_ADMIN_EMAIL: firstAdminEmail } : {}),
    };
    // Resolved by CloudFormation at deployment (a dynamic reference): the value is never in the
    // template or the cloud assembly. See infra/cdk/README.md for why not read at cold start.
    const appSecret = props.appSecret.secretValue.unsafeUnwrap();
    // In the SES sandbox recipients are identities too, so the resource is every identity of this
    // account and region; the sender is pinned by the condition instead.
    const sendMail = (stack: Stack) =>
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
        conditions: { StringEquals: { 'ses:FromAddress': mailFromAddress(mailFrom) } },
      });

    const tarjotinFunction = (scope: Construct, name: string, needs: Needs, timeout?: Duration) => {
      const codeDir = join(functionsDir, name);
      if (!existsSync(join(codeDir, 'index.mjs'))) {
        throw new Error(`No bundle in ${codeDir}: ${needs.handler} must exist and be bundled (node infra/cdk/bundle.ts).`);
      }
      const { function: fn } = new ApiFunction(scope, pascalCase(name), {
        codeDir,
        table: { table: props.table, access: needs.table, sessions: needs.sessions },
        environment: {
          ...siteEnvironment,
          ...(needs.appSecret ? { APP_SECRET: appSecret } : {}),
          ...(needs.storesImages ? { IMAGE_STORE: 's3', IMAGES_BUCKET: props.images.bucketName } : {}),
        },
        logLevel: props.logLevel,
        timeout,
      });
      if (needs.sendsMail) fn.addToRolePolicy(sendMail(Stack.of(fn)));
      if (needs.storesImages) props.images.grantPut(fn, imageObjectKey('*'));
      this.functions[name] = fn;
      return fn;
    };

    const group = (name: string, description: string): NestedStack => {
      const existing = this.groups[name];
      if (existing) return existing;
      const stack = new NestedStack(this, name === jobsGroup ? 'Jobs' : `${pascalCase(name)}Routes`, { description });
      limitResources(stack, name === jobsGroup ? 'Split the jobs into more nested stacks.' : `Split functions/http/${name}/ into more resource folders.`);
      return (this.groups[name] = stack);
    };

    this.api = new HttpApi(this, 'Api', {
      description: 'Tarjotin API',
      defaultIntegration: new HttpLambdaIntegration(
        'NotFoundIntegration',
        tarjotinFunction(this, notFoundFunction.name, { handler: notFoundFunction.handler, table: 'none' }),
      ),
    });

    // The route, its integration and the permission to invoke the function are made in the route's
    // scope (HttpLambdaIntegration adds the permission there), so all of them go in the group too.
    for (const [name, route] of Object.entries(routes)) {
      const groupName = routeGroup(route);
      const scope = group(groupName, `Tarjotin: the functions of functions/http/${groupName}/ and their API routes`);
      const fn = tarjotinFunction(scope, name, routeNeeds(route), route.timeoutSeconds ? Duration.seconds(route.timeoutSeconds) : undefined);
      new HttpRoute(scope, `${pascalCase(name)}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration('Integration', fn),
      });
    }

    for (const [name, job] of Object.entries(jobs)) {
      const scope = group(jobsGroup, 'Tarjotin: the scheduled jobs and their EventBridge rules');
      new events.Rule(scope, `${pascalCase(name)}Schedule`, {
        description: job.summary,
        schedule: events.Schedule.rate(Duration.minutes(job.everyMinutes)),
        targets: [new targets.LambdaFunction(tarjotinFunction(scope, name, jobNeeds(job), Duration.seconds(job.timeoutSeconds)))],
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'HTTP API endpoint' });
  }
}
