/** A problem on the developer's machine, told in one sentence that says what to do. */
export class LocalSetupError extends Error {}
