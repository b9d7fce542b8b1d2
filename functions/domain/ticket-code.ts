import { createHmac, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';
import { appSecret } from '../config.ts';

/**
 * A ticket's code, as in its QR and printed under it: the ticket id and an HMAC of it, so a
 * code cannot be guessed or made up from another, and the door tells a forged one at once
 * without reading the table. Short enough to type: 26 + 1 + 16 characters, upper case.
 */
const signatureLength = 16;
const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function signatureOf(ticketId: string): string {
  const mac = createHmac('sha256', `ticket:${appSecret()}`).update(ticketId).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of mac) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < signatureLength) {
      out += base32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export function ticketCodeOf(ticketId: string): string {
  return `${ticketId}-${signatureOf(ticketId)}`;
}

/** The ticket id of a genuine code, whatever its case and spacing; undefined for a forged or mistyped one. */
export function ticketIdOfCode(code: string): string | undefined {
  const cleaned = code.replace(/\s+/g, '').toUpperCase();
  const match = /^([0-9A-HJKMNP-TV-Z]{26})-?([A-Z2-7]{16})$/.exec(cleaned);
  if (!match) return undefined;
  const [, ticketId, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(signatureOf(ticketId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? ticketId : undefined;
}

/** The QR code of a ticket's code, as an SVG document (no fixed size: the page sizes it). */
export async function ticketQrSvg(ticketId: string): Promise<string> {
  return QRCode.toString(ticketCodeOf(ticketId), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
