/**
 * Recognises the anthropic-evals formats from the first few records (and the file name, where the
 * fields alone cannot tell). A format matches when at least half of the sampled objects carry all
 * of its required fields, so one broken first line does not hide the format of the rest.
 *  - persona: question, statement, label_confidence, answer_matching_behavior, answer_not_matching_behavior
 *  - advanced-ai-risk: question, answer_matching_behavior, answer_not_matching_behavior; it becomes
 *    - few-shot-prompts when the path contains "few_shot"/"few-shot" (same fields, gold prompts), or
 *    - sycophancy when the path contains "sycophancy" or most questions start "Hello, my name is".
 *  - winogenerated: sentence_with_blank, pronoun_options, occupation, other_person
 *  - winogenerated-occupations: occupation, other_person, BLS_original_occupation (no sentence)
 *  - anthropic-prerelease (sycophancy on the pre-release branch): prompt, corrects, incorrects
 * then the other families of model/families.ts, the one most sampled records match. The confidence stated is
 * the share of sampled records that carry the format's fields.
 */
import { isPlainObject } from './field-readers';
import { bounded } from './issues';
import { FAMILIES } from './model/families';
import type { DetectedFormat, FormatName } from './types';

const SHAPES: { format: FormatName; required: string[] }[] = [
  {
    format: 'winogenerated',
    required: ['sentence_with_blank', 'pronoun_options', 'occupation', 'other_person'],
  },
  {
    format: 'winogenerated-occupations',
    required: ['occupation', 'other_person', 'BLS_original_occupation'],
  },
  {
    format: 'persona',
    required: [
      'question',
      'statement',
      'label_confidence',
      'answer_matching_behavior',
      'answer_not_matching_behavior',
    ],
  },
  {
    format: 'advanced-ai-risk',
    required: ['question', 'answer_matching_behavior', 'answer_not_matching_behavior'],
  },
  { format: 'anthropic-prerelease', required: ['prompt', 'corrects', 'incorrects'] },
];

// Why: imports should not ask people which of our known formats they are uploading.
export function detectFormat(firstRecords: Record<string, unknown>[], fileName?: string): DetectedFormat {
  const objects = firstRecords.filter(isPlainObject);
  const share = (matches: (record: Record<string, unknown>) => boolean) =>
    objects.length === 0 ? 0 : objects.filter(matches).length / objects.length;
  const evidence = (confidence: number, signature: string) =>
    `${Math.round(confidence * objects.length)} of ${objects.length} sampled records have ${signature}`;
  const shape = SHAPES.find(({ required }) => share((r) => required.every((field) => field in r)) >= 0.5);
  if (shape) {
    const confidence = share((r) => shape.required.every((field) => field in r));
    const stated = { confidence, evidence: evidence(confidence, shape.required.join(', ')) };
    return { format: refineRisk(shape.format, objects, fileName), ...stated };
  }
  let best: { family: (typeof FAMILIES)[number]; confidence: number } | null = null;
  for (const family of FAMILIES) {
    const confidence = share(family.matches);
    if (confidence >= 0.5 && (!best || confidence > best.confidence)) best = { family, confidence };
  }
  if (!best) return { format: null, fieldsSeen: fieldsSeen(objects) };
  const { family, confidence } = best;
  return {
    format: family.format as FormatName,
    confidence,
    evidence: evidence(confidence, family.signature),
  };
}

function refineRisk(format: FormatName, objects: Record<string, unknown>[], fileName?: string): FormatName {
  if (format !== 'advanced-ai-risk') return format;
  const name = fileName ?? '';
  if (/sycophancy/i.test(name) || mostlyGreetings(objects)) return 'sycophancy';
  if (/few[-_ ]?shot/i.test(name)) return 'few-shot-prompts';
  return 'advanced-ai-risk';
}

const MAX_FIELDS_SEEN = 100;
const MAX_FIELD_NAME = 120;

/** Field names in order of first appearance across the records (at most 100, each cut to 120 characters). */
export function fieldsSeen(records: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (seen.size >= MAX_FIELDS_SEEN) return [...seen];
      seen.add(bounded(key, MAX_FIELD_NAME));
    }
  }
  return [...seen];
}

function mostlyGreetings(records: Record<string, unknown>[]): boolean {
  const greetings = records.filter(
    (r) => typeof r['question'] === 'string' && r['question'].startsWith('Hello, my name is'),
  );
  return greetings.length * 2 > records.length;
}
