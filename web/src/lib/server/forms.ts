import { fail } from '@sveltejs/kit';
import type { Problem } from '../../../../shared/schemas/api.ts';
import { readForm } from '../form-values.ts';
import { formMessage } from '../forms.ts';
import { ApiProblem } from './api-problem.ts';

/** What a form action returns when it re-shows the form: what was typed and a message per field. */
export type FormState = { values: Record<string, unknown>; errors: Record<string, string> };

/** A posted form as the API body its field names describe (see `readForm`). */
export const formToObject = (data: FormData, arrays: readonly string[] = []): Record<string, unknown> => readForm(data, arrays);

/** A typed number field as the API body's number: nothing typed is left out, anything else goes to the schema to judge (`NaN` included). */
export const numberField = (value: unknown): number | undefined => (typeof value === 'string' && value !== '' ? Number(value) : undefined);

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
