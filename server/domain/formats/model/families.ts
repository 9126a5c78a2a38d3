/**
 * The record families recognised beyond anthropic-evals, each with the fields that identify it and how it maps
 * onto the example model. Order matters only for ties: more specific families come first.
 */
import type { ModelSpec } from './spec';

export interface Family {
  format: string;
  /** What a record must carry, as shown in the detection's evidence. */
  signature: string;
  matches: (record: Record<string, unknown>) => boolean;
  spec: (record: Record<string, unknown>) => ModelSpec;
}

const has = (record: Record<string, unknown>, ...fields: string[]) =>
  fields.every((f) => record[f] !== undefined);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isTurns = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((t) => isObject(t) && 'role' in t && 'content' in t);
const ANSWER_COLUMNS = ['answers', 'answer', 'correct', 'corrects', 'correct_answers', 'label'];

export const FAMILIES: Family[] = [
  {
    format: 'bbq',
    signature: 'context, question, ans0..ansN, label',
    matches: (r) => has(r, 'context', 'question', 'ans0', 'ans1', 'label'),
    spec: () => ({
      id: 'example_id',
      context: 'context',
      input: 'question',
      options: 'ans*',
      answer: 'label',
    }),
  },
  {
    format: 'helm',
    signature: 'input.text, references[].output.text with tags',
    matches: (r) =>
      isObject(r['input']) && typeof r['input']['text'] === 'string' && Array.isArray(r['references']),
    spec: () => ({
      id: 'id',
      input: 'input.text',
      options: 'references',
      optionText: 'output.text',
      correctTags: 'tags',
    }),
  },
  {
    format: 'big-bench',
    signature: 'input, target_scores',
    matches: (r) => has(r, 'input', 'target_scores') && isObject(r['target_scores']),
    spec: () => ({ id: 'id', input: 'input', scores: 'target_scores' }),
  },
  {
    format: 'nested-choices',
    signature: 'question.stem, question.choices[].text, answerKey',
    matches: (r) => isObject(r['question']) && 'stem' in r['question'] && 'choices' in r['question'],
    spec: () => ({
      id: 'id',
      input: 'question.stem',
      context: 'fact1',
      options: 'question.choices',
      optionText: 'text',
      optionLabel: 'label',
      answer: 'answerKey',
    }),
  },
  {
    format: 'options-object',
    signature: 'question, options {"A": ...}, answer_idx',
    matches: (r) => has(r, 'question', 'options', 'answer_idx') && isObject(r['options']),
    spec: () => ({ id: 'id', input: 'question', options: 'options', answer: 'answer_idx' }),
  },
  {
    format: 'anthropic-prerelease-winogender',
    signature: 'problem_id, base_prompt, answers',
    matches: (r) => has(r, 'base_prompt', 'answers') && Array.isArray(r['answers']),
    spec: () => ({ id: 'problem_id', input: 'base_prompt', options: 'answers' }),
  },
  {
    format: 'openai-evals',
    signature: 'input [{role, content}], ideal',
    matches: (r) => has(r, 'input', 'ideal') && isTurns(r['input']),
    spec: () => ({ id: 'id', input: 'input', references: 'ideal' }),
  },
  {
    format: 'inspect',
    signature: 'input, target, choices?, id?, metadata?',
    matches: (r) => has(r, 'input', 'target') && (typeof r['input'] === 'string' || isTurns(r['input'])),
    spec: (r) =>
      r['choices'] !== undefined
        ? { id: 'id', input: 'input', options: 'choices', answer: 'target' }
        : { id: 'id', input: 'input', references: 'target' },
  },
  {
    format: 'hf-multiple-choice',
    signature: 'question, choices, answer (index) or answerKey',
    matches: (r) =>
      has(r, 'question', 'choices') && (has(r, 'answer') || has(r, 'answerKey') || has(r, 'label')),
    spec: (r) => ({
      id: 'id',
      input: 'question',
      ...(isObject(r['choices']) && Array.isArray(r['choices']['text'])
        ? { options: 'choices.text', optionLabels: 'choices.label' }
        : { options: 'choices' }),
      answer: has(r, 'answer') ? 'answer' : has(r, 'answerKey') ? 'answerKey' : 'label',
      ...(typeof r['choices'] === 'string' ? { separator: '; ' } : {}),
    }),
  },
  {
    format: 'csv-choices',
    signature: 'question, options or choices joined by "; ", answer(s) joined by "; "',
    matches: (r) =>
      has(r, 'question') &&
      (typeof r['options'] === 'string' || typeof r['choices'] === 'string') &&
      ANSWER_COLUMNS.some((c) => typeof r[c] === 'string'),
    spec: (r) => ({
      id: 'id',
      input: 'question',
      context: 'context',
      options: typeof r['options'] === 'string' ? 'options' : 'choices',
      separator: '; ',
      answer: ANSWER_COLUMNS.find((c) => typeof r[c] === 'string'),
    }),
  },
];

export function findFamily(format: string): Family | undefined {
  return FAMILIES.find((f) => f.format === format);
}
