/**
 * Spots repeated examples (same question text and same proposed label). Only a SHA-1 digest of
 * each example is kept, so memory grows by a few dozen bytes per example, not by its text.
 */
import { createHash } from 'node:crypto';
import type { ParsedExample } from './types';

export class DuplicateTracker {
  private readonly firstSeen = new Map<string, number>();

  // Why: LM-written files repeat questions (one-box-tendency: 190 times); we flag, not refuse.
  firstPositionOf(example: ParsedExample): number | null {
    const digest = createHash('sha1')
      .update(example.question)
      .update('\u0000')
      .update(example.proposedLabel ?? '\u0000null')
      .digest()
      .toString('latin1', 0, 12); // 96 bits tell examples apart and keep the set small
    const first = this.firstSeen.get(digest);
    if (first !== undefined) return first;
    this.firstSeen.set(digest, example.position);
    return null;
  }
}
