import type { Messages } from '../../shared/i18n/index.ts';

/** The stable problem types of the API (RFC 9457 `type` is `/problems/<type>`). */
export type ProblemType = keyof Messages['problems'] & ('validation' | 'not-found' | 'internal');

export type FieldProblem = {
  in: 'path' | 'query' | 'body' | 'header';
  path: readonly PropertyKey[];
  /** Already in the reader's language, or a key of the catalogue's `validation` section. */
  message: string;
};

/** Expected failures of a use case; the HTTP layer turns each into a problem+json response. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: ProblemType;
  /** A key of the catalogue's `problems` section explaining this case, shown as `detail`. */
  readonly detailKey?: keyof Messages['problems'];
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly type = 'validation';
  readonly fields: FieldProblem[];
  constructor(fields: FieldProblem[]) {
    super(`Invalid ${fields.map((f) => `${f.in}.${f.path.join('.')}`).join(', ')}`);
    this.fields = fields;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
}

export class OfferingNotFoundError extends NotFoundError {
  override readonly detailKey = 'offeringNotFound';
  constructor(id: string) {
    super(`Offering ${id} is not published or does not exist`);
  }
}

/** No route of the API matches the request's method and path. */
export class RouteNotFoundError extends NotFoundError {}
