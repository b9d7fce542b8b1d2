import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../functions/http/route.ts';
import { routes } from '../../functions/http/routes.ts';
import { jobs } from '../../functions/jobs/schedule.ts';
import { notFoundFunction } from '../../infra/cdk/bundle.ts';
import { fromRoot } from '../../infra/cdk/paths.ts';
import { deploySettings } from '../../infra/cdk/settings.ts';
import { cloudFormationResourceLimit } from '../../infra/cdk/stack-limits.ts';
import { StatefulStack } from '../../infra/cdk/stateful-stack.ts';
import { routeGroup, StatelessStack } from '../../infra/cdk/stateless-stack.ts';

/**
 * The stacks as the route table grows: synthesised with stand-in bundles (a one-line handler per
 * function), so no esbuild run is needed and any number of routes can be tried.
 */

// CloudFormation takes 500 resources per template; 400 leaves room for CDK's metadata resource
// and for a folder to grow faster than the others.
const budget = 400;
const target = 150;
const realRoutes = Object.entries(routes as Record<string, Route>);

let scratch: string;
let cdkContext: Record<string, unknown>;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tarjotin-stack-sizes-'));
  cdkContext = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')).context;
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The real route table grown to `count` routes: copies of its routes, round robin, each in its original's folder. */
function grownRoutes(count: number): Record<string, Route> {
  const grown: Record<string, Route> = Object.fromEntries(realRoutes);
  for (let i = 0; realRoutes.length + i < count; i++) {
    const [name, route] = realRoutes[i % realRoutes.length]!;
    grown[`${name}Copy${i}`] = { ...route, path: `${route.path}/copy-${i}` };
  }
  return grown;
}

/** Synthesises the stateful and stateless stacks for the route table, with stand-in bundles. */
function synthesise(label: string, routeTable: Record<string, Route>) {
  const functionsDir = join(scratch, label, 'functions');
  for (const name of [...Object.keys(routeTable), ...Object.keys(jobs), notFoundFunction.name]) {
    mkdirSync(join(functionsDir, name), { recursive: true });
    writeFileSync(join(functionsDir, name, 'index.mjs'), 'export const handler = async () => ({ statusCode: 204 });\n');
  }
  const app = new App({ context: cdkContext, outdir: join(scratch, label, 'cdk.out') });
  const env = { account: '123456789012', region: 'eu-north-1' };
  const stateful = new StatefulStack(app, 'Tarjotin-Stateful', { env });
  const stateless = new StatelessStack(app, 'Tarjotin-Stateless', {
    env,
    table: stateful.table,
    images: stateful.images,
    appSecret: stateful.appSecret,
    settings: deploySettings(app.node),
    functionsDir,
    routes: routeTable,
  });
  return { app, stateless };
}

const resourceCount = (stack: Stack): number => Object.keys(Template.fromStack(stack).toJSON().Resources).length;

describe(`the stacks at ${target} routes`, () => {
  let grown: ReturnType<typeof synthesise>;
  let counts: Map<Stack, number>;

  beforeAll(() => {
    expect(realRoutes.length).toBeLessThan(target);
    grown = synthesise('grown', grownRoutes(target));
    counts = new Map(grown.app.node.findAll().filter(Stack.isStack).map((stack) => [stack, resourceCount(stack)]));
  });

  it('keep every stack and nested stack under 400 resources', () => {
    for (const [stack, count] of counts) expect(count, stack.node.path).toBeLessThan(budget);
    expect(budget).toBeLessThan(cloudFormationResourceLimit);
  });

  it(`serve all ${target} routes, each from the nested stack of its folder`, () => {
    const routeKeys = [...counts.keys()].flatMap((stack) =>
      Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey as string),
    );
    expect(routeKeys).toHaveLength(target + 1);
    expect(new Set(routeKeys).size).toBe(target + 1);
    for (const [name, route] of Object.entries(grownRoutes(target))) {
      expect(Stack.of(grown.stateless.functions[name]!), name).toBe(grown.stateless.groups[routeGroup(route)]);
    }
  });

  it('would not fit into one stack: at the resources each route brings, one template of them would pass the budget', () => {
    const inGroups = [...counts]
      .filter(([stack]) => stack.nestedStackParent === grown.stateless && stack !== grown.stateless.groups.jobs)
      .reduce((sum, [, count]) => sum + count, 0);
    const perRoute = inGroups / target;
    expect(perRoute).toBeGreaterThan(6);
    expect(perRoute * target).toBeGreaterThan(budget);
  });

  it('grow the stateless stack itself only by the nested stacks, not by the routes', () => {
    const real = synthesise('real', routes as Record<string, Route>).stateless;
    const groups = (stack: StatelessStack) => Object.keys(stack.groups).length;
    expect(groups(grown.stateless)).toBe(groups(real));
    expect(counts.get(grown.stateless)).toBe(resourceCount(real));
  });
});

describe('a folder with more routes than one nested stack takes', () => {
  it('refuses to synthesise, naming the nested stack and the folder to split', () => {
    // Arrange: 80 routes in functions/http/images/, about 560 resources.
    const [name, route] = realRoutes.find(([, each]) => routeGroup(each) === 'images')!;
    const crowded: Record<string, Route> = Object.fromEntries(realRoutes);
    for (let i = 0; i < 80; i++) crowded[`${name}Copy${i}`] = { ...route, path: `${route.path}/copy-${i}` };
    const { app } = synthesise('crowded', crowded);
    // Act, assert
    expect(() => app.synth()).toThrow(/Tarjotin-Stateless\/ImagesRoutes has \d+ resources, over CloudFormation's 500.*Split functions\/http\/images\//s);
  });
});
