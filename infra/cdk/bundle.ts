import { build, type BuildOptions, type Plugin } from 'esbuild';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '../../functions/http/routes.ts';
import { jobs } from '../../functions/jobs/schedule.ts';
import { assertWebBuild, fromRoot, webBuildDir, webServerEntry } from './paths.ts';

export type Bundle = { name: string; dir: string; bytes: number };

/** The function behind the API's `$default` route; optional until its module exists. */
export const notFoundFunction = { name: 'notFound', handler: 'functions/http/not-found.ts' } as const;

const webHandler = fromRoot('infra/cdk/web-lambda/handler.ts');

/**
 * One ESM file per function. The AWS SDK v3 is left out and taken from the Node.js 24 Lambda
 * runtime, which ships it: bundled, its credential chain and Smithy core alone would put every
 * DynamoDB function over the 300 KB budget (about 490 KB against about 160 KB). We use only
 * long-stable DynamoDB calls, and tests run against the lockfile's version. Some CommonJS
 * dependencies still call `require` for Node built-ins, which an ES module lacks, hence the banner.
 */
const lambdaOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  minify: true,
  treeShaking: true,
  // Linked maps so --enable-source-maps finds them; sources are left out because stack traces
  // need only the mappings and the file stays a fraction of the size.
  sourcemap: 'linked',
  sourcesContent: false,
  // These bundles are deployed to our own account, not redistributed.
  legalComments: 'none',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
} satisfies BuildOptions;

/** Function name → handler module (relative to the repository root) for every function to bundle. */
export function functionHandlers(): Record<string, string> {
  const handlers: Record<string, string> = {};
  for (const [name, route] of Object.entries(routes)) handlers[name] = route.handler;
  for (const [name, job] of Object.entries(jobs)) handlers[name] = job.handler;
  if (existsSync(fromRoot(notFoundFunction.handler))) handlers[notFoundFunction.name] = notFoundFunction.handler;
  return handlers;
}

async function bundle(name: string, entry: string, dir: string, plugins: Plugin[] = []): Promise<Bundle> {
  // A stale file from an earlier build must never ship with a new one.
  rmSync(dir, { recursive: true, force: true });
  await build({ ...lambdaOptions, entryPoints: [{ in: entry, out: 'index' }], outdir: dir, plugins });
  return { name, dir, bytes: statSync(join(dir, 'index.mjs')).size };
}

/**
 * Bundles every function of the route table and the job schedule (and the not-found function) into
 * `<outDir>/<name>/index.mjs`. Relative paths resolve against the repository root.
 */
export async function bundleFunctions(outDir = '.build/functions'): Promise<Bundle[]> {
  const root = fromRoot(outDir);
  return Promise.all(
    Object.entries(functionHandlers()).map(([name, handler]) => bundle(name, fromRoot(handler), join(root, name))),
  );
}

/**
 * The handler imports web/build by its relative path; this sends that import to the build
 * TARJOTIN_WEB_BUILD names instead, so the rest of the SvelteKit output resolves from there.
 */
const useWebBuild = (buildDir: string): Plugin => ({
  name: 'tarjotin-web-build',
  setup(esbuild) {
    esbuild.onResolve({ filter: /\/web\/build\/server\/server\.js$/ }, () => ({ path: webServerEntry(buildDir) }));
  },
});

/**
 * Bundles the SvelteKit server (adapter-node output) with its Lambda adapter into one
 * `<outDir>/index.mjs`. Static files are not copied: they are served from S3.
 */
export async function bundleWebServer(outDir = '.build/web-server'): Promise<Bundle> {
  const buildDir = webBuildDir();
  assertWebBuild(buildDir);
  return bundle('webServer', webHandler, fromRoot(outDir), [useWebBuild(buildDir)]);
}

// `node infra/cdk/bundle.ts [functions|web]`: both when no argument is given.
if (import.meta.main) {
  const only = process.argv[2];
  try {
    const bundles = [
      ...(only === 'web' ? [] : await bundleFunctions()),
      ...(only === 'functions' ? [] : [await bundleWebServer()]),
    ];
    for (const { name, bytes } of bundles) console.log(`${name.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
