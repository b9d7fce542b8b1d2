import { messages, validationText } from '../../shared/i18n/api.ts';
import type { Locale } from '../../shared/locale.ts';
import type { Problem } from '../../shared/schemas/api.ts';
import { DomainError, type ProblemType } from '../domain/errors.ts';

/** RFC 9457 problem details for an expected failure, worded in the reader's language. */
export function problemFor(error: DomainError, locale: Locale): Problem {
  const catalogue = messages(locale);
  const problem: Problem = {
    type: problemTypeUri(error.type),
    title: catalogue.problems[error.type],
    status: error.status,
  };
  if (error.detailKey) problem.detail = catalogue.problems[error.detailKey];
  if (error.reason) problem.reason = error.reason;
  if (error.fields.length > 0) {
    problem.errors = error.fields.map((field) => ({
      in: field.in,
      field: field.path.map(String).join('.'),
      pointer: `/${field.path.map(String).join('/')}`,
      detail: validationText(field.message, locale),
    }));
  }
  return problem;
}

export function internalProblem(locale: Locale): Problem {
  return { type: problemTypeUri('internal'), title: messages(locale).problems.internal, status: 500 };
}

/** Stable, documented types: a relative URI under the API's own documentation. */
export const problemTypeUri = (type: ProblemType) => `/api/v1/problems/${type}`;
