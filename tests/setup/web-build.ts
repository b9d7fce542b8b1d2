import { buildWebIfStale } from '../../infra/local/web-build.ts';

/** e2e tests drive the production build of the web app, rebuilt when its sources changed. */
export default function setup() {
  buildWebIfStale();
}
