// `{field}` placeholders in a template's prompts, help texts and context lines, filled from the example shown.
import type { QuestionTemplate } from './question-template';

/**
 * The names a placeholder can use: `options` (the example's answer options), `behaviour` (the dataset's
 * description), `reference` (the proposed label), and any field of the source record, dotted for nested ones
 * (`metadata.source`); `metadata.x` falls back to a top-level `x`, since the corpora put metadata at both levels.
 */
export interface ExampleFields {
  options: readonly { key: string; text: string }[];
  behaviour: string;
  reference: string | null;
  record: Record<string, unknown>;
}

const PLACEHOLDER = /\{([A-Za-z_][\w.-]{0,79})\}/g;

/** Why: the study form checks which placeholders a template uses (e.g. whether it needs the behaviour). */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Every placeholder anywhere in the template: prompts, help texts and context lines. */
export function templatePlaceholders(template: QuestionTemplate): Set<string> {
  const texts = [
    ...template.questions.flatMap((q) => [q.prompt, q.help ?? '']),
    ...(template.context ?? []).map((c) => c.text),
  ];
  return new Set(texts.flatMap(placeholdersOf));
}

/**
 * Why: the paper's relevance question asks about "the described behavior", so a template with a relevance
 * question, or one that prints `{behaviour}`, needs each dataset to say which behaviour it tests.
 */
export function refersToBehaviour(template: QuestionTemplate): boolean {
  const placeholders = templatePlaceholders(template);
  return (
    placeholders.has('behaviour') ||
    placeholders.has('behavior') ||
    template.questions.some((q) => q.kind === 'rating' && q.role === 'relevance')
  );
}

/** The value of one placeholder for this example, or undefined when the example has no such field. */
export function fieldValue(fields: ExampleFields, name: string): string | undefined {
  if (name === 'options') {
    const texts = fields.options.map((o) => o.text || o.key.trim());
    return texts.length > 0 ? texts.join(', ') : undefined;
  }
  if (name === 'behaviour' || name === 'behavior') return fields.behaviour.trim() || undefined;
  if (name === 'reference') return fields.reference?.trim() || undefined;
  const found = lookup(fields.record, name.split('.'));
  if (found === undefined && name.startsWith('metadata.'))
    return fieldValue(fields, name.slice('metadata.'.length));
  return found;
}

function lookup(record: unknown, path: string[]): string | undefined {
  let value: unknown = record;
  for (const part of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part))
      return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return printable(value);
}

function printable(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => ['string', 'number'].includes(typeof v)))
    return value.length > 0 ? value.join(', ') : undefined;
  return JSON.stringify(value);
}

/** Why: a missing field reads as such rather than a raw `{name}` a worker cannot make sense of. */
export const MISSING_FIELD = '(not given)';

/** Fills every placeholder of the text; the result is plain text, escaped by the view like any other. */
export function fillPlaceholders(text: string, fields: ExampleFields): string {
  return text.replace(PLACEHOLDER, (_, name: string) => fieldValue(fields, name) ?? MISSING_FIELD);
}

/** The context lines the page shows: a line whose placeholders are all missing is left out. */
export function contextLines(
  template: QuestionTemplate,
  fields: ExampleFields,
): { label: string; text: string }[] {
  return (template.context ?? []).flatMap((c) => {
    const names = placeholdersOf(c.text);
    if (names.length > 0 && names.every((n) => fieldValue(fields, n) === undefined)) return [];
    return [{ label: c.label, text: fillPlaceholders(c.text, fields) }];
  });
}

/** The example's fields from its stored source record (`raw_text`), which is a JSON object or not parseable. */
export function recordOf(rawText: string | null | undefined): Record<string, unknown> {
  if (!rawText) return {};
  try {
    const parsed: unknown = JSON.parse(rawText);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
