/**
 * The one example model every format maps into (issue 16): an input (text, or a conversation of role/content
 * turns), an optional context, the options in their original order, which of them are the correct or proposed
 * answers (one or several), reference answers for open-ended items, the generator's confidence, an id, and every
 * other field of the record kept as metadata. It is derived from the raw record and the format alone, so a
 * stored example can always be turned back into it (the neutral JSONL download).
 */
export interface Turn {
  role: string;
  content: string;
}

export interface ExampleModel {
  id: string | null;
  input: string | Turn[];
  context: string | null;
  options: string[]; // original order; empty for open-ended items
  answers: number[]; // indexes into options of the correct (or proposed) answers
  references: string[]; // reference answers of an open-ended item
  labelConfidence: number | null;
  metadata: Record<string, unknown>;
}

/** What a worker reads: the context above the input, a conversation as "role: content" turns. */
export function questionText(model: Pick<ExampleModel, 'input' | 'context'>): string {
  const input =
    typeof model.input === 'string'
      ? model.input
      : model.input.map((turn) => `${turn.role}: ${turn.content}`).join('\n\n');
  return model.context ? `${model.context}\n\n${input}` : input;
}

/** " (A)", " (B)", ... " (Z)", " (AA)": the option keys the app's other formats use. */
export function letterKey(index: number): string {
  return ` (${letters(index)})`;
}

export function letters(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** The record without the fields a format read: what the model keeps as metadata. */
export function metadataOf(record: Record<string, unknown>, used: Iterable<string>): Record<string, unknown> {
  const skip = new Set(used);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!skip.has(key)) out[key] = value;
  return out;
}
