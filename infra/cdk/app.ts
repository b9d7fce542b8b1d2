import { Annotations, App, type Environment } from 'aws-cdk-lib';
import { bundleFunctions, bundleWebServer } from './bundle.ts';
import { assertWebBuild } from './paths.ts';
import { StatefulStack } from './stateful-stack.ts';
import { deploySettings } from './settings.ts';
import { StatelessStack } from './stateless-stack.ts';
import { WebStack } from './web-stack.ts';

export type StacksOptions = {
  env?: Environment;
  /** Where the bundles are, when not in .build/ (tests bundle into temporary folders). */
  functionsDir?: string;
  webServerDir?: string;
};

/**
 * The three stacks, split by lifecycle: the table, the uploaded images and the app secret outlive
 * deployments, the rest is replaceable. Settings come from the app's context (settings.ts).
 */
export function defineStacks(app: App, { env = {}, functionsDir, webServerDir }: StacksOptions = {}) {
  const settings = deploySettings(app.node);
  const stateful = new StatefulStack(app, 'Tarjotin-Stateful', {
    env,
    description: 'Tarjotin: the DynamoDB table, uploaded images and the app secret (retained)',
  });
  const stateless = new StatelessStack(app, 'Tarjotin-Stateless', {
    env,
    description: 'Tarjotin: HTTP API and its functions',
    table: stateful.table,
    images: stateful.images,
    appSecret: stateful.appSecret,
    settings,
    functionsDir,
  });
  const web = new WebStack(app, 'Tarjotin-Web', {
    env,
    description: 'Tarjotin: SvelteKit server, static assets and CloudFront',
    api: stateless.api,
    images: stateful.images,
    appSecret: stateful.appSecret,
    serverDir: webServerDir,
  });
  if (app.node.tryGetContext('publicUrl') === undefined) {
    Annotations.of(stateless).addWarningV2(
      'tarjotin:publicUrl',
      `No publicUrl in the context: links in emails point at ${settings.publicUrl}. Deploy again with -c publicUrl=<the SiteUrl output or your domain>.`,
    );
  }
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
