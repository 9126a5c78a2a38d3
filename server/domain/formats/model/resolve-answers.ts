/**
 * Which options an answer denotes. Answers come as a 0-based index (`"label": 1`), a letter (`"B"`, `"(B)"`,
 * `" (B)"`), the option's text, a list of any of these, or one text cell joining several (`"a; c"`). Letters are
 * tried before texts unless the options are themselves single letters.
 */
import { letters } from './example-model';

export type Resolved = { indexes: number[] } | { reason: string };

export function resolveAnswers(
  value: unknown,
  options: string[],
  separator?: string,
  labels?: string[],
): Resolved {
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string' && separator && value.includes(separator)
      ? value.split(separator)
      : [value];
  const indexes: number[] = [];
  for (const item of items) {
    const byLabel = labels && typeof item !== 'object' ? labels.indexOf(String(item).trim()) : -1;
    const index = byLabel !== -1 ? byLabel : resolveOne(item, options);
    if (index === null)
      return { reason: `answer ${JSON.stringify(item)} is none of the ${options.length} options` };
    if (!indexes.includes(index)) indexes.push(index);
  }
  return { indexes };
}

function resolveOne(item: unknown, options: string[]): number | null {
  if (typeof item === 'number')
    return Number.isInteger(item) && item >= 0 && item < options.length ? item : null;
  if (typeof item !== 'string') return null;
  const text = item.trim();
  const byText = options.findIndex((o) => o.trim() === text);
  const optionsAreLetters = options.every((o) => /^\(?[A-Z]\)?$/i.test(o.trim()));
  if (byText !== -1 && optionsAreLetters) return byText;
  const letter = /^\(?([A-Z]{1,2})\)?[.:]?$/.exec(text)?.[1];
  if (letter) {
    const index = options.findIndex((_, i) => letters(i) === letter);
    if (index !== -1) return index;
  }
  if (byText !== -1) return byText;
  if (/^\d+$/.test(text) && Number(text) < options.length) return Number(text);
  return null;
}
