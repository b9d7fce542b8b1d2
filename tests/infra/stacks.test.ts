import { App, type CfnElement, Duration, NestedStack, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { table as tableDefinition } from '../../functions/db/table.ts';
import { needsAppSecret, type Route } from '../../functions/http/route.ts';
import { routes } from '../../functions/http/routes.ts';
import { jobs, type Job } from '../../functions/jobs/schedule.ts';
import { defineStacks } from '../../infra/cdk/app.ts';
import { bundleFunctions, bundleWebServer } from '../../infra/cdk/bundle.ts';
import { fromRoot } from '../../infra/cdk/paths.ts';
import { deploySettings } from '../../infra/cdk/settings.ts';
import { viewerAddressHeader } from '../../infra/cdk/web-lambda/events.ts';
import { cloudFormationResourceLimit } from '../../infra/cdk/stack-limits.ts';
import { jobsGroup, routeGroup } from '../../infra/cdk/stateless-stack.ts';
import { staticPathPatterns } from '../../infra/cdk/web-stack.ts';
import { createFakeWebBuild } from './fake-web-build.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };
type Stacks = ReturnType<typeof defineStacks>;

const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const routeEntries = Object.entries(routes as Record<string, Route>);

let scratch: string;
let webBuild: string;
let functionsDir: string;
let webServerDir: string;
let cdkContext: Record<string, unknown>;
let stacks: Stacks;
let stateful: Template;
/** The stateless stack's own template (the API) and the templates of its nested stacks (the functions). */
let stateless: Template;
let statelessTemplates: Map<Stack, Template>;
let web: Template;

beforeAll(async () => {
  // Arrange: bundles in a scratch folder, a stand-in web build, and cdk.json's feature flags so
  // the templates are the ones `cdk synth` produces.
  scratch = mkdtempSync(join(tmpdir(), 'tarjotin-infra-'));
  webBuild = createFakeWebBuild();
  process.env.TARJOTIN_WEB_BUILD = webBuild;
  functionsDir = join(scratch, 'functions');
  webServerDir = join(scratch, 'web-server');
  await Promise.all([bundleFunctions(functionsDir), bundleWebServer(webServerDir)]);

  cdkContext = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')).context;
  const app = new App({ context: cdkContext, outdir: join(scratch, 'cdk.out') });
  stacks = defineStacks(app, { env: { account: '123456789012', region: 'eu-north-1' }, functionsDir, webServerDir });
  stateful = Template.fromStack(stacks.stateful);
  stateless = Template.fromStack(stacks.stateless);
  statelessTemplates = templatesOf(stacks.stateless);
  web = Template.fromStack(stacks.web);
});

afterAll(() => {
  delete process.env.TARJOTIN_WEB_BUILD;
  for (const dir of [scratch, webBuild]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

/** The templates of every stack in scope (a stack itself, and those nested in it at any depth), by stack. */
const templatesOf = (scope: IConstruct): Map<Stack, Template> =>
  new Map(scope.node.findAll().filter(Stack.isStack).map((each) => [each, Template.fromStack(each)]));

/** Every resource of the given type in any of the templates, with the stack whose template holds it. */
const resourcesIn = (templates: Map<Stack, Template>, type: string): { stack: Stack; id: string; resource: Resource }[] =>
  [...templates].flatMap(([stack, template]) =>
    Object.entries(template.findResources(type)).map(([id, resource]) => ({ stack, id, resource: resource as Resource })),
  );

/** Where a construct's resource is: its stack's path and its logical id there. */
const placeOf = (construct: IConstruct) => `${Stack.of(construct).node.path}#${logicalId(construct)}`;

const only = (template: Template, type: string): Resource => {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('stateful stack', () => {
  it('keys the table on pk and sk and bills it per request', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it.each(Object.entries(tableDefinition.globalIndexes))('creates global index %s projecting every attribute', (name, keys) => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: name,
          KeySchema: [
            { AttributeName: keys.partitionKey, KeyType: 'HASH' },
            { AttributeName: keys.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
    });
  });

  it('keeps point-in-time recovery, a stream of old and new images and the TTL attribute', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
  });

  it('retains the table when the stack goes and refuses to delete it', () => {
    stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
  });

  it('names no table: CloudFormation generates the name', () => {
    expect(only(stateful, 'AWS::DynamoDB::GlobalTable').Properties.TableName).toBeUndefined();
  });

  it('keeps uploaded images in a private bucket that survives the stack and refuses plain HTTP', () => {
    const bucket = only(stateful, 'AWS::S3::Bucket');
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const statements = only(stateful, 'AWS::S3::BucketPolicy').Properties.PolicyDocument.Statement as Statement[];
    expect(statements).toEqual(
      expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    );
  });

  it('lets CloudFront distributions of this account, and nobody else, read images/ from the bucket', () => {
    const statements = only(stateful, 'AWS::S3::BucketPolicy').Properties.PolicyDocument.Statement as (Statement & { Principal: unknown })[];
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(JSON.stringify(allows[0]!.Resource)).toMatch(/"\/images\/\*"\]\]\}$/);
    expect(JSON.stringify(allows[0]!.Condition)).toMatch(/ArnLike.*AWS:SourceArn.*cloudfront::.*AWS::AccountId.*:distribution\/\*/);
  });

  it('generates the app secret in Secrets Manager and keeps it when the stack goes', () => {
    stateful.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } }),
    });
  });
});

describe('stateless stack', () => {
  /** The template (the stateless stack's or a nested stack's) holding a construct's resource. */
  const templateOf = (construct: IConstruct): Template => {
    const template = statelessTemplates.get(Stack.of(construct));
    expect(template, construct.node.path).toBeDefined();
    return template!;
  };
  const routesIn = (templates: Map<Stack, Template>) => resourcesIn(templates, 'AWS::ApiGatewayV2::Route');

  /**
   * Where the function an API route (by route key) invokes is (`placeOf`): the route, its
   * integration and the function must share a template, the integration's URI naming the function.
   */
  const functionBehind = (routeKey: string): string => {
    const found = routesIn(statelessTemplates).filter(({ resource }) => resource.Properties.RouteKey === routeKey);
    expect(found, `route ${routeKey}`).toHaveLength(1);
    const { stack, resource: route } = found[0]!;
    const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref as string;
    const integration = statelessTemplates.get(stack)!.toJSON().Resources[integrationId] as Resource;
    expect(integration, `integration of ${routeKey}`).toBeDefined();
    return `${stack.node.path}#${integration.Properties.IntegrationUri['Fn::GetAtt'][0]}`;
  };

  /** Every statement of the function's role's policies. */
  const statementsOf = (fn: lambda.IFunction): Statement[] => {
    const roleId = logicalId(fn.role!);
    const policies = Object.values(
      templateOf(fn).findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
    ) as Resource[];
    return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  };
  const environmentOf = (fn: lambda.IFunction): Record<string, unknown> =>
    (templateOf(fn).toJSON().Resources[logicalId(fn)] as Resource).Properties.Environment.Variables;

  /** Every DynamoDB action the function's role is allowed. */
  const tableActionsOf = (fn: lambda.IFunction): string[] => {
    const roleId = logicalId(fn.role!);
    const policies = Object.values(
      templateOf(fn).findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
    ) as Resource[];
    return policies
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .flatMap((statement: { Action: string | string[] }) => [statement.Action].flat())
      .filter((action) => action.startsWith('dynamodb:'));
  };

  it('creates one API route per route-table entry, with the same method and path, plus $default', () => {
    const routeKeys = routesIn(statelessTemplates).map(({ resource }) => resource.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual([...routeEntries.map(([, r]) => `${r.method} ${r.path}`), '$default'].sort());
  });

  it.each(routeEntries)('sends %s to its own function', (name, route) => {
    expect(functionBehind(`${route.method} ${route.path}`)).toBe(placeOf(stacks.stateless.functions[name]!));
  });

  it('sends requests no route matches to the not-found function', () => {
    expect(functionBehind('$default')).toBe(placeOf(stacks.stateless.functions.notFound!));
  });

  it.each(routeEntries)('puts %s, its route, integration and invoke permission in the nested stack of its handler’s folder', (name, route) => {
    const fn = stacks.stateless.functions[name]!;
    const group = stacks.stateless.groups[routeGroup(route)]!;
    expect(NestedStack.isNestedStack(group)).toBe(true);
    expect(Stack.of(fn)).toBe(group);
    const routeKey = `${route.method} ${route.path}`;
    expect(routesIn(new Map([[group, templateOf(group)]])).map(({ resource }) => resource.Properties.RouteKey)).toContain(routeKey);
    // The permission lets this API invoke the function on this route's path only.
    const permissions = Object.values(
      templateOf(group).findResources('AWS::Lambda::Permission', { Properties: { FunctionName: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] } } }),
    ) as Resource[];
    expect(permissions).toHaveLength(1);
    expect(permissions[0]!.Properties.Principal).toBe('apigateway.amazonaws.com');
    expect(JSON.stringify(permissions[0]!.Properties.SourceArn)).toContain(`"/*/*${route.path}"`);
  });

  it('keeps only the API, its $default route and the not-found function in the stateless stack itself, the jobs in a nested stack of their own', () => {
    stateless.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    expect(routesIn(new Map([[stacks.stateless, stateless]])).map(({ resource }) => resource.Properties.RouteKey)).toEqual(['$default']);
    expect(Object.keys(stateless.findResources('AWS::Lambda::Function'))).toEqual([logicalId(stacks.stateless.functions.notFound!)]);
    stateless.resourceCountIs('AWS::Lambda::Permission', 1);
    stateless.resourceCountIs('AWS::CloudFormation::Stack', new Set(routeEntries.map(([, route]) => routeGroup(route))).size + 1);
    for (const name of Object.keys(jobs)) expect(Stack.of(stacks.stateless.functions[name]!)).toBe(stacks.stateless.groups[jobsGroup]);
  });

  it('runs every function on Node.js 24, ARM64 and 512 MB with source-mapped stack traces, API functions within 10 s unless their route says', () => {
    const functions = resourcesIn(statelessTemplates, 'AWS::Lambda::Function').map(({ resource }) => resource);
    expect(functions).toHaveLength(routeEntries.length + Object.keys(jobs).length + 1);
    const jobTimeouts = Object.values(jobs as Record<string, Job>).map((job) => job.timeoutSeconds);
    const routeTimeouts = routeEntries.flatMap(([, route]) => (route.timeoutSeconds ? [route.timeoutSeconds] : []));
    for (const { Properties } of functions) {
      // API functions answer within 10 s or their route's limit; jobs get the time their schedule entry declares.
      expect([10, ...routeTimeouts, ...jobTimeouts]).toContain(Properties.Timeout);
      expect(Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'INFO' } },
      });
      expect(Properties.Environment.Variables.TABLE_NAME).toBeDefined();
    }
  });

  it('keeps each function’s logs for one month in a log group of its own', () => {
    // A log group is in the template of its function (a Ref reaches no further), so a group is
    // its stack's path and its logical id.
    const functions = resourcesIn(statelessTemplates, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(routeEntries.length + Object.keys(jobs).length + 1);
    const used = functions.map(({ stack, resource }) => ({ stack, id: resource.Properties.LoggingConfig.LogGroup.Ref as string }));
    expect(new Set(used.map(({ stack, id }) => `${stack.node.path}#${id}`)).size).toBe(functions.length);
    for (const { stack, id } of used) {
      expect((statelessTemplates.get(stack)!.findResources('AWS::Logs::LogGroup')[id] as Resource).Properties.RetentionInDays).toBe(30);
    }
  });

  const readRoutes = routeEntries.filter(([, route]) => route.table === 'read');
  const tablelessRoutes = routeEntries.filter(([, route]) => route.table === 'none');

  const checksSessions = (route: Route) => route.auth === 'signed-in' || route.auth === 'admin';

  it.each(readRoutes)('grants read access to read route %s, and writes only to people’s partitions if it checks sessions', (name, route) => {
    const statements = statementsOf(stacks.stateless.functions[name]!);
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(actions).not.toContain('dynamodb:*');

    const unconditionalWrites = statements
      .filter((statement) => !statement.Condition)
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => writeActions.includes(action));
    expect(unconditionalWrites).toEqual([]);

    const sessionWrites = statements.filter((statement) => [statement.Action].flat().some((action) => writeActions.includes(action)));
    if (checksSessions(route)) {
      expect(sessionWrites).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PERSON#*'] } },
        }),
      ]);
    } else {
      expect(sessionWrites).toEqual([]);
    }
  });

  it('has a read route that checks sessions, so the test above checks the partition-limited grant', () => {
    expect(readRoutes.some(([, route]) => checksSessions(route))).toBe(true);
  });

  it.each([...tablelessRoutes.map(([name]) => name), 'notFound'])('grants no table access to %s, which does not use the table', (name) => {
    expect(tableActionsOf(stacks.stateless.functions[name]!)).toEqual([]);
  });

  it.each(Object.entries(jobs as Record<string, Job>))('starts job %s on its schedule, with the table access it declares', (name, job) => {
    const fn = stacks.stateless.functions[name]!;
    expect((templateOf(fn).toJSON().Resources[logicalId(fn)] as Resource).Properties).toMatchObject({
      Timeout: job.timeoutSeconds,
      Handler: 'index.handler',
    });
    templateOf(fn).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: events.Schedule.rate(Duration.minutes(job.everyMinutes)).expressionString,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] } })],
    });
    const actions = tableActionsOf(fn);
    if (job.table === 'write') expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    if (job.table === 'read') expect(actions.filter((a) => writeActions.includes(a))).toEqual([]);
  });

  it('outputs the API URL', () => {
    stateless.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'ApiEndpoint'] } });
  });

  it.each(routeEntries)('gives %s the app secret only if it signs or checks sessions or client addresses', (name, route) => {
    const environment = environmentOf(stacks.stateless.functions[name]!);
    if (needsAppSecret(route)) {
      // A dynamic reference CloudFormation resolves at deployment: the value itself is never in the template.
      expect(JSON.stringify(environment.APP_SECRET)).toMatch(/^\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:.*:SecretString:::\}\}"\]\]\}$/);
    } else {
      expect(environment.APP_SECRET).toBeUndefined();
    }
  });

  it('gives the app secret only to jobs that sign links, and never to the not-found function', () => {
    const jobEntries = Object.entries(jobs as Record<string, Job>);
    for (const [name, job] of jobEntries) {
      const secret = environmentOf(stacks.stateless.functions[name]!).APP_SECRET;
      if (job.usesSecret) expect(JSON.stringify(secret)).toContain('{{resolve:secretsmanager:');
      else expect(secret).toBeUndefined();
    }
    expect(jobEntries.some(([, job]) => job.usesSecret)).toBe(true);
    expect(environmentOf(stacks.stateless.functions.notFound!).APP_SECRET).toBeUndefined();
  });

  it('lets only functions that send mail call SES, only SendEmail, only from the configured sender', () => {
    const senders = [
      ...routeEntries.filter(([, route]) => route.sendsMail).map(([name]) => name),
      ...Object.entries(jobs as Record<string, Job>).filter(([, job]) => job.sendsMail).map(([name]) => name),
    ];
    expect(senders.length).toBeGreaterThan(0);
    for (const [name, fn] of Object.entries(stacks.stateless.functions)) {
      const ses = statementsOf(fn).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('ses:')));
      if (senders.includes(name)) {
        expect(ses, name).toEqual([
          expect.objectContaining({ Action: 'ses:SendEmail', Condition: { StringEquals: { 'ses:FromAddress': 'noreply@tarjotin.example' } } }),
        ]);
        expect(JSON.stringify(ses[0]!.Resource)).toContain(':identity/*');
      } else {
        expect(ses, name).toEqual([]);
      }
    }
  });

  it('lets only the functions that store images write to the images bucket, only new objects under images/', () => {
    const storers = routeEntries.filter(([, route]) => route.storesImages).map(([name]) => name);
    expect(storers).toEqual(['uploadImage']);
    const bucketArn = stacks.stateful.resolve(stacks.stateful.images.bucketArn);
    for (const [name, fn] of Object.entries(stacks.stateless.functions)) {
      const s3 = statementsOf(fn).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')));
      if (!storers.includes(name)) {
        expect(s3, name).toEqual([]);
        continue;
      }
      const actions = s3.flatMap((statement) => [statement.Action].flat());
      expect(actions).toContain('s3:PutObject');
      expect(actions.filter((action) => /^s3:(Get|Delete|List)/.test(action))).toEqual([]);
      for (const statement of s3) expect(JSON.stringify(statement.Resource)).toMatch(/"\/images\/\*"\]\]\}$/);
      expect(JSON.stringify(s3)).toContain(bucketArn['Fn::GetAtt'][0]);
      expect(environmentOf(fn)).toMatchObject({ IMAGE_STORE: 's3', IMAGES_BUCKET: expect.anything() });
    }
  });

  it('gives every function the site settings, with placeholders when the context names none', () => {
    for (const fn of Object.values(stacks.stateless.functions)) {
      const environment = environmentOf(fn);
      expect(environment).toMatchObject({ PUBLIC_URL: 'https://tarjotin.example', MAIL_FROM: 'Tarjotin <noreply@tarjotin.example>' });
      expect(environment.FIRST_ADMIN_EMAIL).toBeUndefined();
    }
    expect(JSON.stringify(Annotations.fromStack(stacks.stateless).findWarning('*', Match.stringLikeRegexp('publicUrl')))).toContain('-c publicUrl=');
  });
});

describe('stack sizes', () => {
  // CloudFormation takes 500 resources per template (a nested stack's included); 400 leaves room
  // for CDK's metadata resource and for any folder's routes to grow. tests/infra/stack-sizes.test.ts
  // checks the same at 150 routes.
  const budget = 400;

  it('keeps every stack and nested stack of the app under 400 resources', () => {
    const templates = templatesOf(stacks.stateless.node.root);
    expect(templates.size).toBe(3 + Object.keys(stacks.stateless.groups).length);
    const counts = [...templates].map(([stack, template]) => [stack.node.path, Object.keys(template.toJSON().Resources).length] as const);
    for (const [path, count] of counts) expect(count, path).toBeLessThan(budget);
    expect(budget).toBeLessThan(cloudFormationResourceLimit);
  });

  it('would not fit all the functions into one stack: at the resources each route brings, 150 routes pass the budget', () => {
    const groups = [...statelessTemplates].filter(([stack]) => stack !== stacks.stateless && stack !== stacks.stateless.groups[jobsGroup]);
    const resources = groups.reduce((sum, [, template]) => sum + Object.keys(template.toJSON().Resources).length, 0);
    const perRoute = resources / routeEntries.length;
    // function, log group, role, (policy,) route, integration, permission
    expect(perRoute).toBeGreaterThan(6);
    expect(perRoute * 150).toBeGreaterThan(budget);
  });
});

describe('deployment settings from CDK context', () => {
  it('reach every function and the SES condition', () => {
    // Arrange: what `cdk deploy -c publicUrl=... -c mailFrom=... -c firstAdminEmail=...` gives
    const app = new App({
      context: {
        ...cdkContext,
        publicUrl: 'https://tarjonta.example.fi',
        mailFrom: 'Kulttuuritarjotin <tarjotin@kaupunki.example.fi>',
        firstAdminEmail: 'paakayttaja@kaupunki.example.fi',
      },
      outdir: join(scratch, 'cdk.out.context'),
    });
    // Act
    const configured = defineStacks(app, { env: { account: '123456789012', region: 'eu-north-1' }, functionsDir, webServerDir });
    const templates = templatesOf(configured.stateless);
    // Assert
    const functions = resourcesIn(templates, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(routeEntries.length + Object.keys(jobs).length + 1);
    for (const { resource: { Properties } } of functions) {
      expect(Properties.Environment.Variables).toMatchObject({
        PUBLIC_URL: 'https://tarjonta.example.fi',
        MAIL_FROM: 'Kulttuuritarjotin <tarjotin@kaupunki.example.fi>',
        FIRST_ADMIN_EMAIL: 'paakayttaja@kaupunki.example.fi',
      });
    }
    const senders = [...templates.values()].filter((template) => JSON.stringify(template.toJSON()).includes('"ses:FromAddress":'));
    expect(senders.length).toBeGreaterThan(0);
    for (const template of senders) {
      expect(JSON.stringify(template.toJSON())).toContain('"ses:FromAddress":"tarjotin@kaupunki.example.fi"');
      expect(JSON.stringify(template.toJSON())).not.toContain('"ses:FromAddress":"noreply@tarjotin.example"');
    }
    Annotations.fromStack(configured.stateless).hasNoWarning('*', Match.stringLikeRegexp('publicUrl'));
  });

  it.each([
    ['publicUrl', 'http://tarjonta.example.fi'],
    ['mailFrom', 'Tarjotin'],
    ['firstAdminEmail', 'not an address'],
  ])('refuses a malformed %s, naming it', (name, value) => {
    expect(() => deploySettings({ tryGetContext: (key) => (key === name ? value : undefined) })).toThrow(new RegExp(`context.*${name}`));
  });
});

describe('web stack', () => {
  const distribution = () => only(web, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
  const behaviour = (pattern: string) => {
    const found = distribution().CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === pattern);
    expect(found, `behaviour ${pattern}`).toBeDefined();
    return found;
  };
  const originOf = (b: { TargetOriginId: string }) => distribution().Origins.find((o: { Id: string }) => o.Id === b.TargetOriginId);

  it('runs the SvelteKit server on Node.js 24 and ARM64 with the API URL', () => {
    web.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ API_URL: Match.anyValue(), NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  it("hands the server the viewer's own address and host, overwriting any the viewer forged", () => {
    // Arrange: the viewer-request function of the page behaviour, as CloudFront runs it.
    const code = only(web, 'AWS::CloudFront::Function').Properties.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { headers: Record<string, { value: string }> };
    // Act
    const request = handler({
      viewer: { ip: '198.51.100.23' },
      request: { headers: { host: { value: 'tarjotin.example.fi' }, [viewerAddressHeader]: { value: '10.0.0.1' } } },
    });
    // Assert
    expect(request.headers[viewerAddressHeader]).toEqual({ value: '198.51.100.23' });
    expect(request.headers['x-forwarded-host']).toEqual({ value: 'tarjotin.example.fi' });
  });

  it('serves pages through an HTTP API origin, so form posts reach the server without a body hash', () => {
    web.resourceCountIs('AWS::Lambda::Url', 0);
    web.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    const origin = originOf(distribution().DefaultCacheBehavior);
    expect(origin.OriginAccessControlId).toBeUndefined();
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(distribution().DefaultCacheBehavior.AllowedMethods).toContain('POST');
  });

  it('renders pages uncached, forwarding query strings, cookies and Accept-Language', () => {
    const pages = distribution().DefaultCacheBehavior;
    expect(pages.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(pages.OriginRequestPolicyId).toBe(cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
    expect(pages.AllowedMethods).toContain('POST');
    expect(pages.FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
  });

  it('sends /api/* to the HTTP API with query strings and Accept-Language, caching only GET and HEAD', () => {
    const api = behaviour('/api/*');
    expect(JSON.stringify(originOf(api).DomainName)).toContain('ApiEndpoint');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    expect(api.CachedMethods).toEqual(['GET', 'HEAD']);

    const requests = (web.toJSON().Resources[api.OriginRequestPolicyId.Ref] as Resource).Properties.OriginRequestPolicyConfig;
    expect(requests.QueryStringsConfig.QueryStringBehavior).toBe('all');
    expect(requests.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Accept-Language'] });

    const cache = (web.toJSON().Resources[api.CachePolicyId.Ref] as Resource).Properties.CachePolicyConfig;
    expect(cache.DefaultTTL).toBe(0);
  });

  it('serves /_app/* and every other top-level static file from the private bucket', () => {
    for (const pattern of ['/_app/*', '/favicon.svg', '/robots.txt', '/icons/*']) {
      const assets = behaviour(pattern);
      expect(originOf(assets).S3OriginConfig).toBeDefined();
      expect(assets.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId);
    }
    expect(distribution().CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).not.toContain('/robots.txt.gz');
  });

  it('caches hashed assets for a year and makes everything else revalidate', () => {
    web.hasResourceProperties('Custom::CDKBucketDeployment', {
      Include: ['_app/immutable/*'],
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      Prune: false,
    });
    web.hasResourceProperties('Custom::CDKBucketDeployment', {
      Exclude: ['_app/immutable/*'],
      SystemMetadata: { 'cache-control': 'public, max-age=0, must-revalidate' },
      Prune: false,
    });
  });

  it('blocks all public access to the assets bucket and refuses plain HTTP', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    web.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('adds HSTS, nosniff, frame and referrer headers to every response', () => {
    web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: Match.objectLike({ Override: true }),
        }),
      }),
    });
    const policyId = logicalId(stacks.web.node.findChild('SecurityHeaders'));
    for (const b of [distribution().DefaultCacheBehavior, ...distribution().CacheBehaviors]) {
      expect(b.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
  });

  it('serves /images/* from the images bucket through origin access control, cached as each image says', () => {
    const images = behaviour('/images/*');
    const origin = originOf(images);
    expect(origin.OriginAccessControlId).toBeDefined();
    expect(origin.S3OriginConfig).toBeDefined();
    expect(JSON.stringify(origin.DomainName)).toContain('Images');
    expect(JSON.stringify(origin.DomainName)).toContain('Tarjotin-Stateful');
    expect(images.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId);
    expect(images.AllowedMethods ?? ['GET', 'HEAD']).toEqual(['GET', 'HEAD']);
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
  });

  it('refuses a client build with its own images/ folder, which uploaded images would hide', () => {
    const clientDir = mkdtempSync(join(scratch, 'client-'));
    mkdirSync(join(clientDir, 'images'));
    expect(() => staticPathPatterns(clientDir)).toThrow(/images\/ folder/);
  });

  it('gives the SvelteKit server the app secret as a dynamic reference', () => {
    const [server] = Object.values(
      web.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike({ API_URL: Match.anyValue() }) } } }),
    ) as Resource[];
    expect(JSON.stringify(server!.Properties.Environment.Variables.APP_SECRET)).toContain('{{resolve:secretsmanager:');
  });

  it('outputs the CloudFront URL', () => {
    web.hasOutput('SiteUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]] } });
  });
});
