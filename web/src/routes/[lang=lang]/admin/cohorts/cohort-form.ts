import { valueAt, type FormValues } from '../../../../lib/form-values.ts';

/** The cohort forms' fields as the API body: postal codes typed as one text, split on spaces and commas. */
export function cohortBody(values: FormValues): Record<string, unknown> {
  const number = (name: string) => (valueAt(values, name) ? Number(valueAt(values, name)) : undefined);
  return {
    birthYear: number('birthYear'),
    postalCodes: valueAt(values, 'postalCodes').split(/[\s,;]+/).filter(Boolean),
    yearlyLimit: number('yearlyLimit'),
    active: values.active === 'true',
    version: number('version'),
  };
}

/** A list's error (`postalCodes.2`) lands on the one text field. */
export const cohortFieldOf = (path: string) => (path.startsWith('postalCodes') ? 'postalCodes' : path);
