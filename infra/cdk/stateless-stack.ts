import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
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
import { routes } from '../../functions/http/routes.ts';
import { jobs, type Job } from '../../functions/jobs/schedule.ts';
import { imageObjectKey } from '../../functions/storage/images.ts';
import { notFoundFunction } from './bundle.ts';
import { ApiFunction, type LogLevel } from './constructs/api-function.ts';
import { functionsBuildDir } from './paths.ts';
import { mailFromAddress, type DeploySettings } from './settings.ts';

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
};

const pascalCase = (name: string): string => name[0]?.toUpperCase() + name.slice(1);

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
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** Every function, by route or job name (and `notFound`). */
  readonly functions: Record<string, lambda.IFunction> = {};

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const functionsDir = props.functionsDir ?? functionsBuildDir;

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
    const sendMail = new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
      conditions: { StringEquals: { 'ses:FromAddress': mailFromAddress(mailFrom) } },
    });

    const tarjotinFunction = (name: string, needs: Needs, timeout?: Duration) => {
      const codeDir = join(functionsDir, name);
      if (!existsSync(join(codeDir, 'index.mjs'))) {
        throw new Error(`No bundle in ${codeDir}: ${needs.handler} must exist and be bundled (node infra/cdk/bundle.ts).`);
      }
      const { function: fn } = new ApiFunction(this, pascalCase(name), {
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
      if (needs.sendsMail) fn.addToRolePolicy(sendMail);
      if (needs.storesImages) props.images.grantPut(fn, imageObjectKey('*'));
      this.functions[name] = fn;
      return fn;
    };
    const integration = (name: string, needs: Needs, timeoutSeconds?: number) =>
      new HttpLambdaIntegration(`${pascalCase(name)}Integration`, tarjotinFunction(name, needs, timeoutSeconds ? Duration.seconds(timeoutSeconds) : undefined));

    this.api = new HttpApi(this, 'Api', {
      description: 'Tarjotin API',
      defaultIntegration: integration(notFoundFunction.name, { handler: notFoundFunction.handler, table: 'none' }),
    });
    for (const [name, route] of Object.entries(routes as Record<string, Route>)) {
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integration(name, routeNeeds(route), route.timeoutSeconds) });
    }

    for (const [name, job] of Object.entries(jobs as Record<string, Job>)) {
      new events.Rule(this, `${pascalCase(name)}Schedule`, {
        description: job.summary,
        schedule: events.Schedule.rate(Duration.minutes(job.everyMinutes)),
        targets: [new targets.LambdaFunction(tarjotinFunction(name, jobNeeds(job), Duration.seconds(job.timeoutSeconds)))],
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'HTTP API endpoint' });
  }
}
