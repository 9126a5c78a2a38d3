/**
 * Spots repeated examples (same question text and same proposed label). Only a SHA-1 digest of
 * each example is kept, so memory grows by a few dozen bytes per example, not by its text.
 */
import { hash } from 'node:crypto';
import type { ParsedExample } from './types';

export class DuplicateTracker {
  private readonly firstSeen = new Map<string, number>();

  // Why: LM-written files repeat questions (one-box-tendency: 190 times); we flag, not refuse.
  firstPositionOf(example: ParsedExample): number | null {
    // One-shot hash: a Hash object per example cost more than the hashing itself.
    const digest = hash(
      'sha1',
      `${example.question}\u0000${example.proposedLabel ?? '\u0000null'}`,
      'buffer',
    ).toString('latin1', 0, 12); // 96 bits tell examples apart and keep the set small
    const first = this.firstSeen.get(digest);
    if (first !== undefined) return first;
    this.firstSeen.set(digest, example.position);
    return null;
  }
}
