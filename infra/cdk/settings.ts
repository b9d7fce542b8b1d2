import * as z from 'zod';

/**
 * What a deployment says about itself, from CDK context (`cdk.json` or `-c key=value`). Every
 * value has a default, so `cdk synth` works offline; the defaults are placeholders, and a real
 * deployment sets at least `publicUrl` and `mailFrom`. A malformed value stops synthesis with
 * its name, before anything reaches CloudFormation.
 */
const schema = z.object({
  /** The site's public origin, for links in emails: the CloudFront URL or the custom domain. */
  publicUrl: z.url({ protocol: /^https$/ }).default('https://tarjotin.example'),
  /** The sender of every email: `Name <address>` or a bare address, of an SES-verified identity. */
  mailFrom: z
    .string()
    .regex(/^([^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/)
    .default('Tarjotin <noreply@tarjotin.example>'),
  /** Whoever signs in with this address becomes a platform admin; unset, nobody is made one. */
  firstAdminEmail: z.email().optional(),
});
export type DeploySettings = z.infer<typeof schema>;
export const settingNames = Object.keys(schema.shape) as (keyof DeploySettings)[];

/** Reads the settings from context through `tryGetContext` (an App, a Stack, any construct's node). */
export function deploySettings(context: { tryGetContext: (key: string) => unknown }): DeploySettings {
  const given = Object.fromEntries(settingNames.map((name) => [name, context.tryGetContext(name)]).filter(([, value]) => value !== undefined));
  const result = schema.safeParse(given);
  if (!result.success) {
    const names = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid CDK context (cdk.json or -c): ${names}. See infra/cdk/README.md.`);
  }
  return result.data;
}

/** The address part of `Name <address>`, which SES checks the sender against (`ses:FromAddress`). */
export const mailFromAddress = (mailFrom: string): string => /<([^<>]+)>$/.exec(mailFrom)?.[1] ?? mailFrom;
