import type { ApiMessages as Messages } from '../../shared/i18n/api.ts';
import type { EnrolmentRefusal } from '../../shared/schemas/enrolment.ts';

/** The stable problem types of the API (RFC 9457 `type` is `/problems/<type>`). */
export type ProblemType = keyof Messages['problems'] &
  (
    | 'validation'
    | 'not-found'
    | 'internal'
    | 'unauthorized'
    | 'forbidden'
    | 'conflict'
    | 'too-many-requests'
    | 'payload-too-large'
    | 'unsupported-media-type'
    | 'enrolment-refused'
  );

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
  /** The fields the problem is about, shown as the problem's `errors`. */
  readonly fields: FieldProblem[] = [];
  /** Extra response headers (Retry-After, ...). */
  readonly headers: Record<string, string> = {};
  /** A machine-readable reason beside the worded detail (why an enrolment was refused). */
  readonly reason?: string;
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly type = 'validation';
  override readonly fields: FieldProblem[];
  constructor(fields: FieldProblem[]) {
    super(`Invalid ${fields.map((f) => `${f.in}.${f.path.join('.')}`).join(', ')}`);
    this.fields = fields;
  }
}

/** One invalid body field, worded by a key of the catalogue's `validation` section. */
export const invalidField = (path: readonly PropertyKey[], message: string, where: FieldProblem['in'] = 'body') =>
  new ValidationError([{ in: where, path, message }]);

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

/** A resource the request names does not exist; `field` says which input named it. */
export class ResourceNotFoundError extends NotFoundError {
  override readonly detailKey: keyof Messages['problems'];
  override readonly fields: FieldProblem[];
  constructor(detailKey: keyof Messages['problems'], field?: FieldProblem) {
    super(`Not found: ${detailKey}`);
    this.detailKey = detailKey;
    this.fields = field ? [field] : [];
  }
}

/** No route of the API matches the request's method and path. */
export class RouteNotFoundError extends NotFoundError {}

/** The route needs a signed-in person and the request has no valid session. */
export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type = 'unauthorized';
  override readonly detailKey = 'signInRequired';
}

/**
 * The person is signed in but may not do this: not a member of the organisation that owns the
 * resource, or not a platform admin. Names the field that points at the resource.
 */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
  override readonly detailKey: keyof Messages['problems'];
  override readonly fields: FieldProblem[];
  constructor(detailKey: keyof Messages['problems'], field?: FieldProblem) {
    super(`Forbidden: ${detailKey}`);
    this.detailKey = detailKey;
    this.fields = field ? [field] : [];
  }
}

/** Someone else saved the resource after this person read it (optimistic locking), or a state rule refuses the change. */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type = 'conflict';
  override readonly detailKey: keyof Messages['problems'];
  override readonly fields: FieldProblem[];
  constructor(detailKey: keyof Messages['problems'], fields: FieldProblem[] = []) {
    super(`Conflict: ${detailKey}`);
    this.detailKey = detailKey;
    this.fields = fields;
  }
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly type = 'too-many-requests';
  override readonly detailKey = 'tooManyRequests';
  override readonly headers: Record<string, string>;
  constructor(retryAfterSeconds: number) {
    super('Too many requests');
    this.headers = { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly type = 'payload-too-large';
  override readonly fields: FieldProblem[];
  constructor(field: FieldProblem) {
    super('Payload too large');
    this.fields = [field];
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
  override readonly fields: FieldProblem[];
  constructor(field: FieldProblem) {
    super('Unsupported media type');
    this.fields = [field];
  }
}

/**
 * A request answered definitely with no for one of a use case's reasons: a 409 whose `reason`
 * is for clients and whose `detail` words it. Each use case names its reasons and their texts.
 */
export abstract class RefusedError<R extends string> extends DomainError {
  readonly status = 409;
  override readonly detailKey: keyof Messages['problems'];
  override readonly reason: R;
  override readonly fields: FieldProblem[];
  constructor(what: string, reason: R, detailKey: keyof Messages['problems'], fields: FieldProblem[] = []) {
    super(`${what} refused: ${reason}`);
    this.reason = reason;
    this.detailKey = detailKey;
    this.fields = fields;
  }
}

/**
 * An enrolment attempt answered definitely with no: the occurrence is full (and has no
 * waitlist), closed, not open yet, cancelled, or the group is enrolled already.
 */
export class EnrolmentRefusedError extends RefusedError<EnrolmentRefusal> {
  readonly type = 'enrolment-refused';
  constructor(reason: EnrolmentRefusal, fields: FieldProblem[] = []) {
    super('Enrolment', reason, refusalDetails[reason], fields);
  }
}

const refusalDetails: Record<EnrolmentRefusal, keyof Messages['problems']> = {
  full: 'enrolmentFull',
  closed: 'enrolmentClosed',
  'not-open-yet': 'enrolmentNotOpen',
  cancelled: 'enrolmentOccurrenceCancelled',
  'already-enrolled': 'alreadyEnrolled',
  'no-enrolment': 'noInternalEnrolment',
};
