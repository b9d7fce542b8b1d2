import type { Problem } from '../../../../shared/schemas/api.ts';

/** The API answered with a problem (RFC 9457); pages turn it into messages or an error page. */
export class ApiProblem extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.title);
    this.problem = problem;
  }
}
