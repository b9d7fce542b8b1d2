import { App, type Environment } from 'aws-cdk-lib';
import { bundleFunctions, bundleWebServer } from './bundle.ts';
import { assertWebBuild } from './paths.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';
import { WebStack } from './web-stack.ts';

export type StacksOptions = {
  env?: Environment;
  /** Where the bundles are, when not in .build/ (tests bundle into temporary folders). */
  functionsDir?: string;
  webServerDir?: string;
};

/** The three stacks, split by lifecycle: the table outlives deployments, the rest is replaceable. */
export function defineStacks(app: App, { env = {}, functionsDir, webServerDir }: StacksOptions = {}) {
  const stateful = new StatefulStack(app, 'Tarjotin-Stateful', {
    env,
    description: 'Tarjotin: the DynamoDB table (retained)',
  });
  const stateless = new StatelessStack(app, 'Tarjotin-Stateless', {
    env,
    description: 'Tarjotin: HTTP API and its functions',
    table: stateful.table,
    functionsDir,
  });
  const web = new WebStack(app, 'Tarjotin-Web', {
    env,
    description: 'Tarjotin: SvelteKit server, static assets and CloudFront',
    api: stateless.api,
    serverDir: webServerDir,
  });
  return { stateful, stateless, web };
}

if (import.meta.main) {
  // esbuild takes about a second for all of them, so bundles are always rebuilt, never trusted.
  try {
    assertWebBuild();
    await Promise.all([bundleFunctions(), bundleWebServer()]);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }

  const app = new App();
  defineStacks(app, {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-north-1' },
  });
  app.synth();
}
