import type { ChoiceOption, ParsedExample } from './types';

/** Where a record sits in its file. */
export interface RecordPosition {
  position: number;
  line: number;
  rawText: string;
}

/**
 * Builds a ParsedExample as one object literal with its fields listed, always in the same order. Not
 * `{ ...at, question, ... }`: on Node 20's V8 an object spread followed by more properties takes a slow path
 * (about 1 µs per extra property), which made up a third of an import's parse time (bench/README.md).
 */
export function parsedExample(
  at: RecordPosition,
  fields: {
    question: string;
    proposedLabel: string | null;
    otherAnswers: string[];
    options: ChoiceOption[];
    labelConfidence: number | null;
    raw: Record<string, unknown>;
  },
): ParsedExample {
  return {
    position: at.position,
    line: at.line,
    rawText: at.rawText,
    question: fields.question,
    proposedLabel: fields.proposedLabel,
    otherAnswers: fields.otherAnswers,
    options: fields.options,
    labelConfidence: fields.labelConfidence,
    raw: fields.raw,
  };
}
