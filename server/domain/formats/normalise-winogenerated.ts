/**
 * The two winogenerated files. Neither has a proposed label: they are validated with a
 * checklist (see PROTOCOL.md), so the "question" is what the worker reads:
 *  - examples: the sentence with its blank, exactly as written; options are the pronoun_options.
 *  - occupations: a composed three-line card, "Occupation: …\nBLS title: …\nOther person: …",
 *    because the checklist asks whether the title and the other person fit; no options.
 */
import { describeType, readText, valueOr } from './field-readers';
import { parseError } from './issues';
import { parsedExample, type RecordPosition } from './parsed-example';
import type { ChoiceOption, NormaliseResult, ParseIssue } from './types';

// Why: winogenerated sentences are reviewed as sentences; the pronouns are what fills the blank.
export function normaliseWinogeneratedExample(
  record: Record<string, unknown>,
  at: RecordPosition,
): NormaliseResult {
  const issues: ParseIssue[] = [];
  const sentence = valueOr(readText(record, 'sentence_with_blank', at.line), issues, null);
  valueOr(readText(record, 'occupation', at.line), issues, null);
  valueOr(readText(record, 'other_person', at.line), issues, null);
  const pronouns = readPronouns(record, at.line, issues);
  if (issues.length === 0 && sentence?.trim() === '') {
    issues.push(parseError(at.line, 'sentence_with_blank', 'question text is empty'));
  }
  if (issues.length > 0 || sentence === null) return { issues };
  const options: ChoiceOption[] = pronouns.map((p) => ({ key: p, text: p.trim(), raw: p }));
  return { example: parsedExample(at, { question: sentence, ...unlabelled(options), raw: record }) };
}

// Why: each occupation row is checked as a whole (title, colloquial name, other person).
export function normaliseWinogeneratedOccupation(
  record: Record<string, unknown>,
  at: RecordPosition,
): NormaliseResult {
  const issues: ParseIssue[] = [];
  const occupation = valueOr(readText(record, 'occupation', at.line), issues, null);
  const otherPerson = valueOr(readText(record, 'other_person', at.line), issues, null);
  const title =
    'BLS_original_occupation' in record
      ? valueOr(readText(record, 'BLS_original_occupation', at.line), issues, null)
      : '';
  if (issues.length === 0 && occupation?.trim() === '')
    issues.push(parseError(at.line, 'occupation', 'question text is empty'));
  if (issues.length > 0 || occupation === null || otherPerson === null || title === null) return { issues };
  const question = `Occupation: ${occupation}\nBLS title: ${title}\nOther person: ${otherPerson}`;
  return { example: parsedExample(at, { question, ...unlabelled([]), raw: record }) };
}

function unlabelled(options: ChoiceOption[]) {
  return { proposedLabel: null, otherAnswers: [], options, labelConfidence: null };
}

function readPronouns(record: Record<string, unknown>, line: number, issues: ParseIssue[]): string[] {
  const value = record['pronoun_options'];
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((p): p is string => typeof p === 'string')) return value;
  issues.push(parseError(line, 'pronoun_options', `expected a list of text, got ${describeType(value)}`));
  return [];
}
