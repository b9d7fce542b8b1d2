/**
 * Every scheduled job, read by infra/cdk (an EventBridge rule per job) and infra/local (a timer
 * per job), like the route table is for the API.
 */
export type Job = {
  /** The handler module, relative to the repository root; it exports `handler`. */
  handler: string;
  summary: string;
  everyMinutes: number;
  /** Lambda's limit for one run; the job keeps its own budget below it. */
  timeoutSeconds: number;
  table: 'none' | 'read' | 'write';
  /** Sends email (reminders, summaries); only these get SES rights, as for routes. */
  sendsMail?: boolean;
  /** Signs links (a teacher's manage link in an email); only these get the app secret. */
  usesSecret?: boolean;
};

export const jobs = {
  catalogueUpkeep: {
    handler: 'functions/jobs/catalogue-upkeep.ts',
    summary: 'Rebuilds catalogue entries not rebuilt for a day, so they shed past occurrences',
    everyMinutes: 60,
    timeoutSeconds: 300,
    table: 'write',
  },
  outboxSender: {
    handler: 'functions/jobs/outbox-sender.ts',
    summary: 'Sends outbox messages not sent by the request that wrote them (a failed or interrupted send)',
    everyMinutes: 1,
    timeoutSeconds: 120,
    table: 'write',
    sendsMail: true,
  },
  offerExpiry: {
    handler: 'functions/jobs/offer-expiry.ts',
    summary: 'Passes seats offered to waiting groups and not answered in time on to the next group that fits',
    everyMinutes: 5,
    timeoutSeconds: 120,
    table: 'write',
    sendsMail: true,
    usesSecret: true,
  },
  roundCommit: {
    handler: 'functions/jobs/round-commit.ts',
    summary: "Goes on writing a committed round's invitations and waitlist when the commit itself ran out of time (a large cohort)",
    everyMinutes: 1,
    timeoutSeconds: 300,
    table: 'write',
    sendsMail: true,
  },
  invitationExpiry: {
    handler: 'functions/jobs/invitation-expiry.ts',
    summary: "Lapses round invitations not answered in time: their seats go to the next family on the round's waitlist that fits",
    everyMinutes: 5,
    timeoutSeconds: 120,
    table: 'write',
    sendsMail: true,
  },
  dailySummary: {
    handler: 'functions/jobs/daily-summary.ts',
    summary: "Emails each organisation's members once a day the enrolment requests none of them has seen yet",
    everyMinutes: 60,
    timeoutSeconds: 300,
    table: 'write',
    sendsMail: true,
  },
  reminders: {
    handler: 'functions/jobs/reminders.ts',
    summary: "Reminds booked groups of each occurrence the offering's chosen number of days before it (3 by default)",
    everyMinutes: 60,
    timeoutSeconds: 300,
    table: 'write',
    sendsMail: true,
    usesSecret: true,
  },
  godchildReminders: {
    handler: 'functions/jobs/godchild-reminders.ts',
    summary: 'Reminds families of their culture-godchild tickets 3 days before the occurrence, once per ticket',
    everyMinutes: 60,
    timeoutSeconds: 300,
    table: 'write',
    sendsMail: true,
  },
  godchildFeedback: {
    handler: 'functions/jobs/godchild-feedback.ts',
    summary: 'Asks families who used a culture-godchild ticket yesterday how it went, once per ticket',
    everyMinutes: 60,
    timeoutSeconds: 300,
    table: 'write',
    sendsMail: true,
  },
} as const satisfies Record<string, Job>;
