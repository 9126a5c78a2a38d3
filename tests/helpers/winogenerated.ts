import fs from 'node:fs';
import path from 'node:path';
import type { ExampleSpec } from './factories';

/** The first winogenerated sentences of the committed sample (see tests/fixtures/anthropic-evals/ATTRIBUTION.md). */
export function winogeneratedExamples(count: number): ExampleSpec[] {
  const file = path.join(__dirname, '../fixtures/anthropic-evals/winogenerated/winogenerated_examples.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, count)
    .map((line) => {
      const raw = JSON.parse(line) as { sentence_with_blank: string; pronoun_options: string[] };
      return { question: raw.sentence_with_blank, proposed: null, options: raw.pronoun_options, raw };
    });
}
