/**
 * A researcher's field mapping as a ModelSpec, when it names more than anthropic-evals-style answer fields.
 */
import type { FieldMapping } from '../types';
import type { ModelSpec } from './spec';

const MODEL_KEYS = ['context', 'options', 'optionText', 'answer', 'separator', 'references', 'id'] as const;

export function mapsOntoModel(mapping: FieldMapping): boolean {
  return MODEL_KEYS.some((key) => mapping[key] !== undefined);
}

export function specFromMapping(mapping: FieldMapping): ModelSpec {
  return {
    input: mapping.question,
    context: mapping.context,
    options: mapping.options,
    optionText: mapping.optionText,
    separator: mapping.separator,
    answer: mapping.answer ?? mapping.proposedLabel,
    references: mapping.references,
    id: mapping.id,
    confidence: mapping.labelConfidence,
  };
}
