import { describe, expect, it } from 'vitest';
import { signClientAddress, verifyClientAddress } from '../../shared/client-address.ts';

const secret = 'a secret of at least thirty-two characters';

describe('signed client addresses', () => {
  it('verifies an address signed with the same secret', async () => {
    const signature = await signClientAddress('203.0.113.5', secret);
    expect(await verifyClientAddress('203.0.113.5', signature, secret)).toBe(true);
  });

  it('refuses another address, another secret, and garbage', async () => {
    const signature = await signClientAddress('203.0.113.5', secret);
    expect(await verifyClientAddress('203.0.113.6', signature, secret)).toBe(false);
    expect(await verifyClientAddress('203.0.113.5', signature, `${secret}!`)).toBe(false);
    expect(await verifyClientAddress('203.0.113.5', '%%%not base64%%%', secret)).toBe(false);
    expect(await verifyClientAddress('203.0.113.5', '', secret)).toBe(false);
  });
});
