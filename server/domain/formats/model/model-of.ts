/**
 * The example model of a stored record, from its raw record and its dataset's format (and mapping): what the
 * neutral JSONL download writes. Families and model mappings read the record through their spec; the
 * anthropic-evals formats through their own rules, then the fields they read are left out of the metadata.
 */
import { isPlainObject } from '../field-readers';
import { normaliseRecord } from '../normalise-record';
import type { FieldMapping, FormatName } from '../types';
import { metadataOf, type ExampleModel } from './example-model';
import { findFamily } from './families';
import { mapsOntoModel, specFromMapping } from './mapping-spec';
import { modelFromRecord } from './normalise-spec';

const READ_FIELDS: Partial<Record<FormatName, string[]>> = {
  persona: ['question', 'label_confidence', 'answer_matching_behavior', 'answer_not_matching_behavior'],
  'advanced-ai-risk': ['question', 'answer_matching_behavior', 'answer_not_matching_behavior'],
  'few-shot-prompts': ['question', 'answer_matching_behavior', 'answer_not_matching_behavior'],
  sycophancy: ['question', 'answer_matching_behavior', 'answer_not_matching_behavior'],
  'anthropic-prerelease': ['prompt', 'corrects', 'incorrects'],
  winogenerated: ['sentence_with_blank', 'pronoun_options'],
  'winogenerated-occupations': [],
};

export function exampleModelOf(
  raw: unknown,
  format: string,
  mapping: FieldMapping | null,
  rawText = '',
): ExampleModel | null {
  if (!isPlainObject(raw)) return null;
  const family = findFamily(format);
  const spec = family
    ? family.spec(raw)
    : format === 'mapped' && mapping && mapsOntoModel(mapping)
      ? specFromMapping(mapping)
      : null;
  if (spec) {
    const result = modelFromRecord(raw, spec, 0, rawText);
    return 'model' in result ? result.model : null;
  }
  const result = normaliseRecord(raw, format as FormatName, 0, 0, '', mapping ?? undefined);
  if ('issues' in result) return null;
  const e = result.example;
  const read =
    format === 'mapped' && mapping
      ? Object.values(mapping).map(String)
      : (READ_FIELDS[format as FormatName] ?? []);
  const proposed = e.options.findIndex((o) => o.key.trim() === e.proposedLabel?.trim());
  // The pre-release files may list several correct answers; the proposed label is only the first of them.
  const corrects = format === 'anthropic-prerelease' && Array.isArray(raw['corrects']) ? raw['corrects'] : [];
  const answers = corrects
    .map((c) => e.options.findIndex((o) => typeof c === 'string' && o.key.trim() === c.trim()))
    .filter((i, at, all) => i !== -1 && all.indexOf(i) === at);
  return {
    id: null,
    input: e.question,
    context: null,
    options: e.options.map((o) => o.text),
    answers: answers.length > 0 ? answers : proposed === -1 ? [] : [proposed],
    references: [],
    labelConfidence: e.labelConfidence,
    metadata: metadataOf(raw, read),
  };
}
