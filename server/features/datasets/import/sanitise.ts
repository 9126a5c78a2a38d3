import type { ParsedExample } from '../../../domain/formats';

/**
 * PostgreSQL text and jsonb cannot hold U+0000, yet some LM-written records contain it (escaped as \u0000 in
 * the JSON). The shown fields get U+FFFD in its place, with a warning; the record itself stays exact in
 * raw_text, where the JSON keeps the escape as written.
 */
export function storableExample(example: ParsedExample): {
  example: ParsedExample;
  /** Which shown part held a NUL ('question', 'proposed label', 'other answers', 'options'), or null. */
  nulIn: string | null;
} {
  const nulIn = nulPart(example);
  if (nulIn === null) return { example, nulIn };
  const fix = (t: string) => t.replaceAll('\u0000', '\uFFFD');
  return {
    nulIn,
    example: {
      ...example,
      question: fix(example.question),
      proposedLabel: example.proposedLabel === null ? null : fix(example.proposedLabel),
      otherAnswers: example.otherAnswers.map(fix),
      options: example.options.map((o) => ({ ...o, key: fix(o.key), text: fix(o.text), raw: fix(o.raw) })),
      rawText: example.rawText.includes('\u0000') ? JSON.stringify(example.raw) : example.rawText,
    },
  };
}

// Runs once per imported example, so it checks in place rather than gathering the texts into new arrays.
function nulPart(example: ParsedExample): string | null {
  if (example.question.includes('\u0000')) return 'question';
  if (example.proposedLabel?.includes('\u0000')) return 'proposed label';
  if (example.otherAnswers.some((t) => t.includes('\u0000'))) return 'other answers';
  const inOptions = example.options.some(
    (o) => o.key.includes('\u0000') || o.text.includes('\u0000') || o.raw.includes('\u0000'),
  );
  return inOptions ? 'options' : null;
}

export const NUL_REASON =
  'contains NUL characters (U+0000), which the database cannot store; shown as U+FFFD, kept in the raw record';
