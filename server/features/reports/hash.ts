import crypto from 'node:crypto';

/**
 * A SHA-256 over the judgments a report was computed from, fed in the canonical order the streams read them
 * (dataset, example, judgment id). Excluded judgments are hashed too, with their flag, so excluding one changes
 * the hash even though it no longer counts.
 */
export interface JudgmentHasher {
  add(j: HashedJudgment): void;
  readonly count: number;
  digest(): string;
}

export interface HashedJudgment {
  id: number;
  answer: string | null;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  excluded: boolean;
}

export function createJudgmentHasher(): JudgmentHasher {
  const hash = crypto.createHash('sha256');
  let count = 0;
  let digest: string | undefined;
  // Lines are handed to the hash some 64 KB at a time: the digest of the concatenation is the same, and a
  // million judgments cost a few hundred updates rather than a million.
  let pending = '';
  return {
    add(j) {
      count++;
      pending += JSON.stringify([j.id, j.answer, j.relevance, j.ambiguous, j.comment, j.excluded]) + '\n';
      if (pending.length > 65536) {
        hash.update(pending);
        pending = '';
      }
    },
    get count() {
      return count;
    },
    digest() {
      if (digest === undefined) {
        hash.update(pending);
        pending = '';
        digest = hash.digest('hex');
      }
      return digest;
    },
  };
}
