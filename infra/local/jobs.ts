import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Job } from '../../functions/jobs/schedule.ts';
import { repositoryRoot } from './settings.ts';

type JobHandler = () => Promise<unknown>;

/**
 * Runs each scheduled job on a timer, as EventBridge does in AWS: the same handler module, one
 * run at a time per job (a slow run is not overlapped by the next tick). Returns a stop function.
 */
export async function startJobTimers(jobs: Record<string, Job>, log: (line: string) => void = console.log): Promise<() => void> {
  const timers: NodeJS.Timeout[] = [];
  for (const [name, job] of Object.entries(jobs)) {
    const { handler } = (await import(pathToFileURL(resolve(repositoryRoot, job.handler)).href)) as { handler: JobHandler };
    let running = false;
    const run = async () => {
      if (running) return;
      running = true;
      try {
        await handler();
      } catch (error) {
        log(`Job ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        running = false;
      }
    };
    timers.push(setInterval(run, job.everyMinutes * 60_000));
  }
  return () => timers.forEach(clearInterval);
}
