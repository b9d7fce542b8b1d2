import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the CDK app reads its inputs and writes its bundles. Everything resolves against the
 * repository root, so synthesis gives the same result whether cdk or vitest started it and
 * from which directory.
 */
export const repoRoot = resolve(import.meta.dirname, '../..');

export const fromRoot = (path: string): string => resolve(repoRoot, path);

/** The Lambda bundles of the back end, one folder per function. */
export const functionsBuildDir = fromRoot('.build/functions');

/** The bundled SvelteKit server Lambda. */
export const webServerBuildDir = fromRoot('.build/web-server');

/**
 * The SvelteKit adapter-node output. TARJOTIN_WEB_BUILD points elsewhere so that tests (and
 * anyone synthesising without the web app built) can supply a stand-in.
 */
export function webBuildDir(): string {
  return fromRoot(process.env.TARJOTIN_WEB_BUILD ?? 'web/build');
}

/**
 * SvelteKit 3's adapter-node writes the ready-made server instance to server/server.js
 * (`export const server`); older layouts with server/manifest.js are not supported.
 */
export const webServerEntry = (buildDir: string): string => join(buildDir, 'server', 'server.js');
export const webClientDir = (buildDir: string): string => join(buildDir, 'client');

export function assertWebBuild(buildDir: string = webBuildDir()): void {
  if (!existsSync(webServerEntry(buildDir))) {
    throw new Error(
      `No SvelteKit build at ${buildDir} (expected ${webServerEntry(buildDir)}). ` +
        'Run `npm run build` first, or point TARJOTIN_WEB_BUILD at an adapter-node build.',
    );
  }
}
