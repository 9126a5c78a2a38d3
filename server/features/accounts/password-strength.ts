import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * Password strength by zxcvbn (Dropbox's estimator, kept as @zxcvbn-ts): it knows the common-password lists,
 * keyboard walks, repeats, sequences and dates, so `aaaaaaaaaa`, `1234567890` and `password12` are refused
 * while a passphrase such as `correct-horse-battery` passes. Score 3 of 4 is its "safely unguessable"
 * (about 10^8 guesses, enough behind login throttling and argon2). Only the first 100 characters are
 * estimated: the matcher slows on very long input, and 100 characters of anything is already strong enough.
 */
const MIN_SCORE = 3;
const ESTIMATED_CHARS = 100;

let estimator: ZxcvbnFactory | undefined;

function estimate(password: string): ZxcvbnResult {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator.check(password.slice(0, ESTIMATED_CHARS));
}

// zxcvbn's warnings are translation keys; these are the ones worth saying in a sentence.
const WHY: Record<string, string> = {
  simpleRepeat: 'repeated characters like "aaa" are easy to guess',
  extendedRepeat: 'repeated patterns like "abcabc" are easy to guess',
  sequences: 'sequences like "abc" or "6543" are easy to guess',
  topTen: 'it is one of the most used passwords',
  topHundred: 'it is one of the most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is too close to a commonly used password',
  straightRow: 'a row of keys is easy to guess',
  keyPattern: 'keyboard patterns are easy to guess',
  dates: 'dates are easy to guess',
  recentYears: 'recent years are easy to guess',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'names on their own are easy to guess',
};

/** Why a password is too easy to guess, as a field message, or null when it is strong enough. */
export function weakPasswordMessage(password: string): string | null {
  const result = estimate(password);
  if (result.score >= MIN_SCORE) return null;
  const why = WHY[result.feedback.warning ?? ''];
  return `This password is too easy to guess${why ? `: ${why}` : ''}. Try three or four unrelated words, e.g. a short phrase with hyphens.`;
}
