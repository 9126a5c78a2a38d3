import crypto from 'node:crypto';

/**
 * Completion codes and signed entry links, derived with HMAC-SHA256 from a study's secret:
 * - a per-worker code (for platforms that accept one code per worker) cannot be guessed from another worker's,
 *   and differs between a full and a partial completion;
 * - an entry link's `sig` proves that the researcher (who knows the secret) issued the link for that worker id.
 */
export type CompletionStatus = 'complete' | 'partial';

function hmac(secret: string, message: string): Buffer {
  return crypto.createHmac('sha256', secret).update(message, 'utf8').digest();
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: codes are read and typed by people

/** A short code from the first bytes of a digest (10 characters of 5 bits each). */
function shortCode(digest: Buffer, length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[digest[i]! % 32];
  return out;
}

/** The code a worker is shown: `C…` for a full completion, `P…` for a partial one. */
export function perWorkerCode(secret: string, status: CompletionStatus, platformId: string): string {
  return (status === 'complete' ? 'C' : 'P') + shortCode(hmac(secret, `${status}:${platformId}`));
}

/** The study's default partial-completion code (distinct from any completion code a researcher typed). */
export function defaultPartialCode(secret: string): string {
  return 'P' + shortCode(hmac(secret, 'partial-default'), 9);
}

/** The `sig` an entry link for this worker id carries (hex). */
export function entrySignature(secret: string, platformId: string): string {
  return hmac(secret, `entry:${platformId}`).toString('hex');
}

/** Whether `sig` is this worker id's signature, compared in constant time. */
export function verifyEntrySignature(secret: string, platformId: string, sig: string): boolean {
  const expected = Buffer.from(entrySignature(secret, platformId), 'hex');
  const given = Buffer.from(sig, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
