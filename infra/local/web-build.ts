import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalSetupError } from './errors.ts';
import { repositoryRoot } from './settings.ts';

export const webBuild = resolve(repositoryRoot, 'web/build');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Rebuilds the web app when its sources (or the shared code it uses) are newer than the build. */
export function buildWebIfStale(): void {
  const marker = join(webBuild, 'handler.js');
  const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const sources = ['web/src', 'web/static', 'web/vite.config.ts', 'shared'].map((p) => resolve(repositoryRoot, p)).filter(existsSync);
  if (builtAt > Math.max(...sources.map(newestChange))) return;
  console.log('Building the web app…');
  const result = spawnSync('npm', ['run', 'build:web', '--silent', '--', '--logLevel', 'warn'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new LocalSetupError('The web app did not build; the messages above say why.');
}
