import { listAt, valueAt, type FormValues } from '../../../lib/form-values.ts';

/** The register and edit forms' fields as the API body: the birth year a number, languages a list, an empty first name left out. */
export function childBody(values: FormValues): Record<string, unknown> {
  const birthYear = valueAt(values, 'birthYear');
  const firstName = valueAt(values, 'firstName');
  return {
    ...(birthYear ? { birthYear: Number(birthYear) } : {}),
    postalCode: values.postalCode,
    homeLanguages: listAt(values, 'homeLanguages'),
    ...(firstName ? { firstName } : {}),
  };
}

/** Checkbox lists the forms send (always a list, even with nothing ticked). */
export const childArrays = ['homeLanguages'] as const;
