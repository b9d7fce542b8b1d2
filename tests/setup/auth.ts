import { createHash, randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../functions/db/client.ts';
import { membershipToItem, setPlatformAdmin } from '../../functions/db/person.ts';
import { putSignInLink } from '../../functions/db/sign-in-link.ts';
import { completeSignIn } from '../../functions/domain/sign-in.ts';
import type { Locale } from '../../shared/locale.ts';
import type { Membership } from '../../shared/schemas/person.ts';

export type TestPerson = { personId: string; email: string; token: string; authorization: { authorization: string } };

/**
 * Signs a person in through the real use case (a stored link, then `completeSignIn`), with
 * the roles a test needs written directly. Returns the bearer token the web app would send.
 */
export async function signInAs(options: {
  email: string;
  locale?: Locale;
  platformAdmin?: boolean;
  memberships?: { organisationId: string; role?: Membership['role']; status?: Membership['status'] }[];
}): Promise<TestPerson> {
  const token = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(token).digest('base64url');
  await putSignInLink(hash, {
    email: options.email.toLowerCase(),
    locale: options.locale ?? 'fi',
    validUntil: new Date(Date.now() + 60_000).toISOString(),
  });
  const first = await completeSignIn(token);
  const personId = first.me.id;
  for (const m of options.memberships ?? []) {
    const item = membershipToItem({
      organisationId: m.organisationId,
      personId,
      role: m.role ?? 'member',
      status: m.status ?? 'active',
      createdAt: new Date().toISOString(),
    });
    await db().send(new PutCommand({ TableName: tableName(), Item: item }));
  }
  if (options.platformAdmin) await setPlatformAdmin(personId, new Date());
  return { personId, email: options.email.toLowerCase(), token: first.token, authorization: { authorization: `Bearer ${first.token}` } };
}
