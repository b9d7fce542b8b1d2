import { fail } from '@sveltejs/kit';
import type { Problem } from '../../../../shared/schemas/api.ts';
import { formMessage } from '../forms.ts';
import { ApiProblem } from './api-problem.ts';

/** What a form action returns when it re-shows the form: what was typed and a message per field. */
export type FormState = { values: Record<string, unknown>; errors: Record<string, string> };


/**
 * Form fields named by their path in the API body (`title.fi`, `location.venueId`,
 * `studyLevels` repeated for each box ticked) become that body, so the API's field errors
 * land back on the field that caused them. Empty inputs are left out; numbers stay strings
 * for the shared schema to coerce or refuse.
 */
export function formToObject(data: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of new Set(data.keys())) {
    const values = data.getAll(name).filter((v): v is string => typeof v === 'string').map((v) => v.trim());
    const nonEmpty = values.filter((v) => v !== '');
    const isArray = arrays.includes(name);
    if (!isArray && nonEmpty.length === 0) continue;
    const path = name.split('.');
    let target = result;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[path.at(-1) as string] = isArray ? nonEmpty : nonEmpty[0];
  }
  return result;
}

/** The API's field errors by field path (first message per field); the rest under `_form`. */
export function problemErrors(problem: Problem): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const e of problem.errors ?? []) errors[e.field || formMessage] ??= e.detail;
  if (!problem.errors?.length || problem.status !== 400) errors[formMessage] ??= problem.detail ?? problem.title;
  return errors;
}

/**
 * A refused write re-shows the form with the API's messages (`fail`, status as the API said);
 * a fault (5xx) or an ended session is thrown on for the error page or sign-in.
 */
export function failFromApi(error: unknown, values: Record<string, unknown>) {
  if (error instanceof ApiProblem && error.problem.status >= 400 && error.problem.status < 500 && error.problem.status !== 401) {
    return fail(error.problem.status, { values, errors: problemErrors(error.problem) } satisfies FormState);
  }
  throw error;
}
