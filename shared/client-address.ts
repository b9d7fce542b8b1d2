/**
 * The web server calls the API on behalf of its visitors, so the API sees the web server's
 * address, not theirs. The web server passes the visitor's address with an HMAC under the
 * app secret; the API believes the address only when the HMAC matches, so nobody else can
 * pick an address to dodge per-client rate limits. Web Crypto, so both runtimes share it.
 */
export const clientAddressHeaders = { address: 'x-tarjotin-client', signature: 'x-tarjotin-client-signature' } as const;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

const toBase64Url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export async function signClientAddress(address: string, secret: string): Promise<string> {
  return toBase64Url(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(address)));
}

/** Constant-time through `crypto.subtle.verify`. */
export async function verifyClientAddress(address: string, signature: string, secret: string): Promise<boolean> {
  try {
    const bytes = Uint8Array.from(atob(signature.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return await crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, encoder.encode(address));
  } catch {
    return false;
  }
}
