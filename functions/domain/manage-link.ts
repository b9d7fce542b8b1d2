import { jwtVerify, SignJWT } from 'jose';
import { appSecret } from '../config.ts';
import { invalidField } from './errors.ts';

/** A manage link works until this long after the enrolment's last occurrence (for the calendar file, the record). */
const validAfterLastOccurrenceDays = 60;
const purpose = 'enrolment';
const secretKey = () => new TextEncoder().encode(appSecret());

export type ManageClaims = { enrolmentId: string; offeringId: string };

/**
 * The signed, unguessable token of a teacher's own enrolment page: whoever holds the link from
 * the confirmation email may see and cancel that one enrolment, and nothing else.
 */
export async function signManageToken(claims: ManageClaims, lastOccurrenceEnd: string): Promise<string> {
  const expires = Date.parse(lastOccurrenceEnd) + validAfterLastOccurrenceDays * 86_400_000;
  return new SignJWT({ off: claims.offeringId, use: purpose })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.enrolmentId)
    .setExpirationTime(Math.floor(expires / 1000))
    .sign(secretKey());
}

/** Checks a manage token; a forged, altered or expired one is a 400 naming the token, as an unreadable link. */
export async function verifyManageToken(token: string, now = new Date()): Promise<ManageClaims> {
  try {
    const { payload } = await jwtVerify(token, secretKey(), { algorithms: ['HS256'], currentDate: now });
    if (payload.use !== purpose || typeof payload.sub !== 'string' || typeof payload.off !== 'string') throw new Error('claims');
    return { enrolmentId: payload.sub, offeringId: payload.off };
  } catch {
    throw invalidField(['token'], 'manageLinkInvalid', 'path');
  }
}
