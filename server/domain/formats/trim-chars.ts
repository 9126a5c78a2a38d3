/**
 * Trimming a set of characters from the ends of a string by a loop, not by `/[x]+$/`: an unanchored-start
 * pattern such as `/-+$/` retries from every position of a long run that does not reach the end (quadratic),
 * and regexp/no-super-linear-move rejects it. These take one pass over the trimmed characters.
 */
export type CharTest = (char: string) => boolean;

export const charIn =
  (chars: string): CharTest =>
  (c) =>
    chars.includes(c);

/** Index just past the last character of text[0, end) that does not pass the test. */
export function endWithout(text: string, test: CharTest, end = text.length): number {
  let i = end;
  while (i > 0 && test(text[i - 1]!)) i -= 1;
  return i;
}

export function trimCharsEnd(text: string, test: CharTest): string {
  return text.slice(0, endWithout(text, test));
}

export function trimChars(text: string, test: CharTest): string {
  let start = 0;
  while (start < text.length && test(text[start]!)) start += 1;
  return start === text.length ? '' : text.slice(start, endWithout(text, test));
}
