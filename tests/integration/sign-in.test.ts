import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { authenticate, completeSignIn, signInLimits } from '../../functions/domain/sign-in.ts';
import { UnauthorizedError } from '../../functions/domain/errors.ts';
import { clientAddressHeaders, signClientAddress } from '../../shared/client-address.ts';
import { me, session } from '../../shared/schemas/person.ts';
import { useApi } from '../setup/api.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
process.env.FIRST_ADMIN_EMAIL = 'first.admin@city.test';
const { call, mailsTo, allMail } = useApi();

/** Each test uses its own client address so the per-client limit of one test does not touch another. */
let clientCounter = 0;
async function asClient(address = `198.51.100.${++clientCounter}`) {
  return {
    [clientAddressHeaders.address]: address,
    [clientAddressHeaders.signature]: await signClientAddress(address, process.env.APP_SECRET as string),
  };
}

function tokenFrom(mail: { text: string }): string {
  const link = /https:\/\/tarjotin\.test\/\w\w\/sign-in\/verify\?token=([\w-]+)/.exec(mail.text);
  if (!link?.[1]) throw new Error(`No sign-in link in: ${mail.text}`);
  return link[1];
}

describe('sign-in by emailed link', () => {
  it('emails a one-time link in the asked language that signs the person in once', async () => {
    // Arrange
    const client = await asClient();
    // Act
    const asked = await call('POST', '/api/v1/auth/sign-in-links', { email: 'Liisa.Opettaja@School.test', locale: 'sv', returnTo: '/sv/provider' }, client);
    const [mail] = mailsTo('liisa.opettaja@school.test');
    const token = tokenFrom(mail!);
    const first = await call('POST', '/api/v1/auth/sessions', { token });
    const second = await call('POST', '/api/v1/auth/sessions', { token });
    // Assert
    expect(asked.status).toBe(202);
    expect(mail!.locale).toBe('sv');
    expect(mail!.subject).toBe('Logga in i Tarjotin');
    expect(mail!.html).toContain('lang="sv"');
    expect(first.status).toBe(201);
    const signedIn = session.parse(first.body);
    expect(signedIn.returnTo).toBe('/sv/provider');
    expect(signedIn.me).toMatchObject({ email: 'liisa.opettaja@school.test', platformAdmin: false, memberships: [] });
    expect(second.status).toBe(400);
    expect(second.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
  });

  it('answers a known and an unknown address the same way', async () => {
    // Arrange: the known address signs in first, so it has a person behind it.
    const client = await asClient();
    await call('POST', '/api/v1/auth/sign-in-links', { email: 'known.person@school.test', locale: 'fi' }, client);
    await completeSignIn(tokenFrom(mailsTo('known.person@school.test')[0]!));
    // Act
    const known = await call('POST', '/api/v1/auth/sign-in-links', { email: 'known.person@school.test', locale: 'fi' }, client);
    const unknown = await call('POST', '/api/v1/auth/sign-in-links', { email: 'nobody.here@school.test', locale: 'fi' }, client);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
  });

  it('refuses a link used after 15 minutes', async () => {
    const client = await asClient();
    await call('POST', '/api/v1/auth/sign-in-links', { email: 'late@school.test', locale: 'fi' }, client);
    const token = tokenFrom(mailsTo('late@school.test')[0]!);
    await expect(completeSignIn(token, new Date(Date.now() + 16 * 60_000))).rejects.toMatchObject({ status: 400 });
  });

  it('limits links per address, whatever the client, with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i <= signInLimits.perAddress.count; i++) {
      answers.push(await call('POST', '/api/v1/auth/sign-in-links', { email: 'flooded@school.test', locale: 'en' }, await asClient()));
    }
    expect(answers.slice(0, -1).map((a) => a.status)).toEqual(Array(signInLimits.perAddress.count).fill(202));
    const refused = answers.at(-1)!;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(mailsTo('flooded@school.test')).toHaveLength(signInLimits.perAddress.count);
  });

  it('limits links per client across addresses, and ignores a forged client address', async () => {
    const client = await asClient('203.0.113.7');
    const statuses = [];
    for (let i = 0; i <= signInLimits.perClient.count; i++) {
      statuses.push((await call('POST', '/api/v1/auth/sign-in-links', { email: `person${i}@spam.test`, locale: 'fi' }, client)).status);
    }
    // A caller naming the limited address without the web server's signature is not taken at its word.
    const forged = await call('POST', '/api/v1/auth/sign-in-links', { email: 'other@spam.test', locale: 'fi' }, {
      [clientAddressHeaders.address]: '203.0.113.99',
      [clientAddressHeaders.signature]: 'AAAA',
    });
    expect(statuses.filter((s) => s === 202)).toHaveLength(signInLimits.perClient.count);
    expect(statuses.at(-1)).toBe(429);
    expect(forged.status).toBe(202);
  });

  it('refuses bad input with field details and sends nothing', async () => {
    const before = allMail().length;
    const answer = await call('POST', '/api/v1/auth/sign-in-links', { email: 'not-an-address', locale: 'xx', returnTo: '//evil.test' }, await asClient());
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'locale', 'returnTo']);
    expect(allMail().length).toBe(before);
  });
});

describe('sessions', () => {
  async function signIn(email: string) {
    await call('POST', '/api/v1/auth/sign-in-links', { email, locale: 'fi' }, await asClient());
    const token = tokenFrom(mailsTo(email).at(-1)!);
    return session.parse((await call('POST', '/api/v1/auth/sessions', { token })).body);
  }

  it('knows the signed-in person until they sign out', async () => {
    const { token } = await signIn('session.user@school.test');
    const bearer = { authorization: `Bearer ${token}` };
    const before = await call('GET', '/api/v1/me', undefined, bearer);
    const out = await call('DELETE', '/api/v1/auth/session', undefined, bearer);
    const after = await call('GET', '/api/v1/me', undefined, bearer);
    expect(before.status).toBe(200);
    expect(me.parse(before.body).email).toBe('session.user@school.test');
    expect(out.status).toBe(204);
    expect(after.status).toBe(401);
    expect(after.body.type).toBe('/api/v1/problems/unauthorized');
  });

  it('refuses signed-out, forged and idle sessions', async () => {
    const { token, me: person } = await signIn('idle.user@school.test');
    const forged = await new SignJWT({ sid: '01J00000000000000000000000' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(person.id)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another secret that is long enough to sign'));
    expect((await call('GET', '/api/v1/me')).status).toBe(401);
    expect((await call('GET', '/api/v1/me', undefined, { authorization: `Bearer ${forged}` })).status).toBe(401);
    await expect(authenticate(token, new Date(Date.now() + 121 * 60_000))).rejects.toBeInstanceOf(UnauthorizedError);
    // Idle expiry ends the session for good: it is gone, not just refused once.
    expect((await call('GET', '/api/v1/me', undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('keeps a session in use alive past the idle limit', async () => {
    const { token } = await signIn('busy.user@school.test');
    const start = Date.now();
    for (const minutes of [100, 200, 300]) await authenticate(token, new Date(start + minutes * 60_000));
    await expect(authenticate(token, new Date(start + 310 * 60_000))).resolves.toMatchObject({ email: 'busy.user@school.test' });
  });

  it('makes the configured first admin a platform admin', async () => {
    const signedIn = await signIn('first.admin@city.test');
    expect(signedIn.me.platformAdmin).toBe(true);
  });
});
