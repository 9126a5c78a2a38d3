/**
 * A record into the example model under a ModelSpec, and from there into the ParsedExample the rest of the app
 * stores and shows: options keyed " (A)", " (B)"... in their original order, the first correct answer as the
 * proposed label, the others as other answers. Every problem is reported with its line and field.
 */
import { describeType } from '../field-readers';
import { parseError } from '../issues';
import { parsedExample, type RecordPosition } from '../parsed-example';
import type { ChoiceOption, NormaliseResult, ParseIssue } from '../types';
import { letterKey, metadataOf, questionText, type ExampleModel, type Turn } from './example-model';
import { readPath, rootOf } from './paths';
import { resolveAnswers } from './resolve-answers';
import type { ModelSpec } from './spec';

export type ModelResult = { model: ExampleModel } | { issues: ParseIssue[] };

// Why: one reading of every family's record, so they all obey the same rules.
export function modelFromRecord(
  record: Record<string, unknown>,
  spec: ModelSpec,
  line: number,
  rawText = '',
): ModelResult {
  const entries = (value: unknown) => entriesInTextOrder(value, rawText);
  const issues: ParseIssue[] = [];
  const bad = (field: string, reason: string) => issues.push(parseError(line, field, reason));
  const input = readInput(readPath(record, spec.input), spec.input, bad);
  const context = spec.context ? optionalText(readPath(record, spec.context), spec.context, bad) : null;
  const options = spec.scores
    ? entries(readPath(record, spec.scores)).map(([key]) => key)
    : spec.options
      ? readOptions(record, spec, bad, entries)
      : [];
  const answers = readAnswerIndexes(record, spec, options, bad, entries);
  const references = spec.references ? textList(readPath(record, spec.references), spec.references, bad) : [];
  const confidence = spec.confidence
    ? readNumber(readPath(record, spec.confidence), spec.confidence, bad)
    : null;
  if (issues.length > 0 || input === null) return { issues };
  if (questionText({ input, context }).trim() === '')
    return { issues: [parseError(line, spec.input, 'question text is empty')] };
  const id = spec.id ? readPath(record, spec.id) : undefined;
  const used = [
    spec.id,
    spec.input,
    spec.context,
    spec.options,
    spec.answer,
    spec.scores,
    spec.references,
    spec.confidence,
  ];
  const roots = used.flatMap((p) => (p ? [rootOf(p)] : []));
  if (spec.options?.endsWith('*'))
    roots.push(...Object.keys(record).filter((k) => columnIndex(k, spec.options!) !== null));
  return {
    model: {
      id: id === undefined || id === null ? null : String(id),
      input,
      context,
      options,
      answers,
      references,
      labelConfidence: confidence,
      metadata: metadataOf(record, roots),
    },
  };
}

export function normaliseWithSpec(
  record: Record<string, unknown>,
  spec: ModelSpec,
  at: RecordPosition,
): NormaliseResult {
  const result = modelFromRecord(record, spec, at.line, at.rawText);
  if ('issues' in result) return result;
  return { example: exampleFromModel(result.model, record, at) };
}

export function exampleFromModel(model: ExampleModel, raw: Record<string, unknown>, at: RecordPosition) {
  const several = model.answers.length > 1;
  const options: ChoiceOption[] = model.options.map((text, i) =>
    several && model.answers.includes(i)
      ? { key: letterKey(i), text: text.trim(), raw: text, correct: true }
      : { key: letterKey(i), text: text.trim(), raw: text },
  );
  const proposed = model.answers[0];
  return parsedExample(at, {
    question: questionText(model),
    proposedLabel: proposed === undefined ? null : letterKey(proposed),
    // The options that are none of the answers (an item without answers has none of those either).
    otherAnswers:
      proposed === undefined ? [] : options.filter((_, i) => !model.answers.includes(i)).map((o) => o.key),
    options,
    labelConfidence: model.labelConfidence,
    raw,
  });
}

type Bad = (field: string, reason: string) => void;

function readInput(value: unknown, field: string, bad: Bad): string | Turn[] | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isTurn)) {
    return value.map((t) => ({ role: t.role, content: t.content }));
  }
  if (value === undefined) bad(field, 'missing field');
  else bad(field, `expected text or a list of {role, content} turns, got ${describeType(value)}`);
  return null;
}

function isTurn(value: unknown): value is Turn {
  const turn = value as Partial<Turn> | null;
  return (
    typeof turn === 'object' &&
    turn !== null &&
    typeof turn.role === 'string' &&
    typeof turn.content === 'string'
  );
}

function optionalText(value: unknown, field: string, bad: Bad): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  bad(field, `expected text, got ${describeType(value)}`);
  return null;
}

function readOptions(record: Record<string, unknown>, spec: ModelSpec, bad: Bad, entries: Entries): string[] {
  const path = spec.options!;
  if (path.endsWith('*')) return optionColumns(record, path);
  const value = readPath(record, path);
  if (value === undefined) {
    bad(path, 'missing field');
    return [];
  }
  if (typeof value === 'string' && spec.separator)
    return value
      .split(spec.separator)
      .map((s) => s.trim())
      .filter(Boolean);
  const list = Array.isArray(value) ? value : asObject(value) ? entries(value).map(([, v]) => v) : null;
  if (!list) {
    bad(path, `expected a list of options or an object of them, got ${describeType(value)}`);
    return [];
  }
  const texts = list.map((item) =>
    spec.optionText && asObject(item) ? readPath(item, spec.optionText) : item,
  );
  if (!texts.every((t): t is string => typeof t === 'string')) {
    bad(path, 'expected every option to be text');
    return [];
  }
  return texts;
}

// ans0, ans1, ... (or ans1, ans2, ...) in number order; empty cells are not options.
function optionColumns(record: Record<string, unknown>, pattern: string): string[] {
  return Object.keys(record)
    .flatMap((key) => {
      const index = columnIndex(key, pattern);
      return index === null ? [] : [{ index, value: record[key] }];
    })
    .sort((a, b) => a.index - b.index)
    .flatMap(({ value }) =>
      typeof value === 'string' && value.trim() !== ''
        ? [value]
        : typeof value === 'number'
          ? [String(value)]
          : [],
    );
}

function columnIndex(key: string, pattern: string): number | null {
  const prefix = pattern.slice(0, -1);
  if (!key.startsWith(prefix)) return null;
  const rest = key.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : null;
}

function readAnswerIndexes(
  record: Record<string, unknown>,
  spec: ModelSpec,
  options: string[],
  bad: Bad,
  entries: Entries,
): number[] {
  if (spec.scores) {
    const scores = asObject(readPath(record, spec.scores));
    if (!scores) {
      bad(spec.scores, 'missing field');
      return [];
    }
    const values = entries(scores).map(([, v]) => Number(v));
    const best = Math.max(...values);
    return values.flatMap((v, i) => (v === best && best > 0 ? [i] : []));
  }
  if (spec.correctTags && spec.options) {
    const items = readPath(record, spec.options);
    if (!Array.isArray(items)) return [];
    return items.flatMap((item, i) => {
      const tags = readPath(item, spec.correctTags!);
      return Array.isArray(tags) && tags.includes('correct') ? [i] : [];
    });
  }
  if (!spec.answer) return [];
  const value = readPath(record, spec.answer);
  if (value === undefined || value === null || value === '') {
    bad(spec.answer, 'missing field');
    return [];
  }
  const resolved = resolveAnswers(value, options, spec.separator, optionLabels(record, spec));
  if ('reason' in resolved) bad(spec.answer, resolved.reason);
  return 'indexes' in resolved ? resolved.indexes : [];
}

function textList(value: unknown, field: string, bad: Bad): string[] {
  if (value === undefined) {
    bad(field, 'missing field');
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v): v is string => typeof v === 'string')) {
    bad(field, 'expected text or a list of text');
    return [];
  }
  return list;
}

function readNumber(value: unknown, field: string, bad: Bad): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 1) {
    bad(field, `expected a number between 0 and 1, got ${describeType(value)}`);
    return null;
  }
  return n;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function optionLabels(record: Record<string, unknown>, spec: ModelSpec): string[] | undefined {
  if (spec.optionLabels) {
    const labels = readPath(record, spec.optionLabels);
    return Array.isArray(labels) ? labels.map((l) => String(l).trim()) : undefined;
  }
  if (!spec.optionLabel || !spec.options) return undefined;
  const items = readPath(record, spec.options);
  if (!Array.isArray(items)) return undefined;
  return items.map((item) => String(readPath(item, spec.optionLabel!) ?? '').trim());
}

type Entries = (value: unknown) => [string, unknown][];

/**
 * An object's entries in the order the file wrote them. JSON.parse puts integer-like keys first, in number
 * order ({"10": 0, "16": 1, "12": 0} comes back as 10, 12, 16), which would re-sort options; the key order is
 * then read back from the record's text.
 */
function entriesInTextOrder(value: unknown, rawText: string): [string, unknown][] {
  const object = asObject(value);
  if (!object) return [];
  const keys = Object.keys(object);
  if (!rawText || !keys.some((k) => /^(?:0|[1-9]\d*)$/.test(k))) return keys.map((k) => [k, object[k]]);
  const at = (key: string) => {
    const found = rawText.indexOf(`${JSON.stringify(key)}:`);
    return found === -1 ? rawText.indexOf(JSON.stringify(key)) : found;
  };
  return [...keys].sort((a, b) => at(a) - at(b)).map((k) => [k, object[k]]);
}
