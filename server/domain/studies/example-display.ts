// How a worker's page shows an example (issue 16, item 5): the context above the question, a conversation as
// its turns, and an open-ended item's reference answers. Read from the stored record through the example model,
// so every import format shows the same way; a record the model cannot read falls back to the stored text.
import { exampleModelOf, type FieldMapping, type Turn } from '../formats';

export interface ExampleDisplay {
  /** The example's own context (a passage, a scenario), shown above the question; null when it has none. */
  context: string | null;
  /** A chat-format input as its turns, in order; null for a plain-text input. */
  turns: Turn[] | null;
  /** The input as text (the stored question when the input is a conversation or unreadable). */
  text: string;
  /** An open-ended item's reference answers (empty for items with options). */
  references: string[];
}

export interface StoredExample {
  question: string;
  rawText: string | null;
  format: string | null;
  fieldMapping: unknown;
}

/** Why: the stored question flattens context and turns into one text; the page shows them apart. */
export function exampleDisplayOf(example: StoredExample): ExampleDisplay {
  const plain: ExampleDisplay = { context: null, turns: null, text: example.question, references: [] };
  if (!example.rawText || !example.format) return plain;
  let raw: unknown;
  try {
    raw = JSON.parse(example.rawText);
  } catch {
    return plain;
  }
  const mapping = isMapping(example.fieldMapping) ? example.fieldMapping : null;
  const model = exampleModelOf(raw, example.format, mapping, example.rawText);
  if (!model) return plain;
  const turns = typeof model.input === 'string' ? null : model.input;
  return {
    context: model.context?.trim() ? model.context : null,
    turns: turns && turns.length > 0 ? turns : null,
    text: typeof model.input === 'string' ? model.input : example.question,
    references: model.references.filter((r) => r.trim() !== ''),
  };
}

/** Why: `{reference}` reads the proposed label, which an open-ended item has not; its reference answers instead. */
export function referenceOf(display: ExampleDisplay, proposedLabel: string | null): string | null {
  return display.references.length > 0 ? display.references.join(' / ') : proposedLabel;
}

function isMapping(value: unknown): value is FieldMapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
