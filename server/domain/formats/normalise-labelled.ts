/**
 * Records with a question and a proposed label (persona, advanced-ai-risk, few-shot prompts,
 * sycophancy, and mapped uploads). Every problem with a record is reported, not just the first.
 */
import { buildOptions, findOption, isLetterAnswer, listKeys } from './answer-options';
import { readAnswers, readConfidence, readLabel, readText, valueOr, type Read } from './field-readers';
import { parseError } from './issues';
import { parsedExample, type RecordPosition } from './parsed-example';
import type { ChoiceOption, FieldMapping, NormaliseResult, ParseIssue } from './types';

export interface LabelledFields {
  question: string;
  proposedLabel: string | null;
  otherAnswers: string | null;
  labelConfidence: string | null;
  confidenceRequired: boolean;
  lenient: boolean; // mapped uploads: label may be a list, lists may hide in CSV cells
  severalLabels?: boolean; // the label field lists every correct answer, not only the proposed one
}

export const STANDARD_FIELDS: LabelledFields = {
  question: 'question',
  proposedLabel: 'answer_matching_behavior',
  otherAnswers: 'answer_not_matching_behavior',
  labelConfidence: null,
  confidenceRequired: false,
  lenient: false,
};

export const PERSONA_FIELDS: LabelledFields = {
  ...STANDARD_FIELDS,
  labelConfidence: 'label_confidence',
  confidenceRequired: true,
};

/** The pre-release sycophancy files: {prompt, corrects: [" (B)"], incorrects: [" (A)"]}. */
export const PRERELEASE_FIELDS: LabelledFields = {
  question: 'prompt',
  proposedLabel: 'corrects',
  otherAnswers: 'incorrects',
  labelConfidence: null,
  confidenceRequired: false,
  lenient: true,
  severalLabels: true,
};

export function mappedFields(mapping: FieldMapping): LabelledFields {
  return {
    question: mapping.question,
    proposedLabel: mapping.proposedLabel ?? null,
    otherAnswers: mapping.otherAnswers ?? null,
    labelConfidence: mapping.labelConfidence ?? null,
    confidenceRequired: false,
    lenient: true,
  };
}

// Why: one validation path for every question-and-label format keeps their rules identical.
export function normaliseLabelled(
  record: Record<string, unknown>,
  fields: LabelledFields,
  at: RecordPosition,
): NormaliseResult {
  const { line } = at;
  const issues: ParseIssue[] = [];
  const take = <T>(read: Read<T>, fallback: T): T => valueOr(read, issues, fallback);

  const question = take(readText(record, fields.question, line), '');
  const label = fields.proposedLabel
    ? take(readLabel(record, fields.proposedLabel, line, fields.lenient), null)
    : null;
  const others = fields.otherAnswers
    ? take(readAnswers(record, fields.otherAnswers, line, fields.lenient), [])
    : [];
  const confidence = fields.labelConfidence
    ? take(readConfidence(record, fields.labelConfidence, line, fields.confidenceRequired), null)
    : null;
  if (issues.length > 0) return { issues };

  if (question.trim() === '')
    return { issues: [parseError(line, fields.question, 'question text is empty')] };
  // Several correct answers (pre-release `corrects`): the first is the proposed label, all are options.
  const alsoCorrect =
    fields.severalLabels && fields.proposedLabel ? moreLabels(record[fields.proposedLabel], label) : [];
  const answers = label === null ? others : [label, ...alsoCorrect, ...others];
  const options = markCorrect(buildOptions(question, answers), label, alsoCorrect);
  issues.push(...checkAnswers(fields, line, options, label, others));
  if (issues.length > 0) return { issues };

  const example = parsedExample(at, {
    question,
    proposedLabel: label,
    otherAnswers: others,
    options,
    labelConfidence: confidence,
    raw: record,
  });
  return { example };
}

function checkAnswers(
  fields: LabelledFields,
  line: number,
  options: ReturnType<typeof buildOptions>,
  label: string | null,
  others: string[],
): ParseIssue[] {
  const answers = label === null ? others : [label, ...others];
  if (answers.some(isLetterAnswer) && options.length === 0) {
    return [
      parseError(
        line,
        fields.question,
        'answers are option letters but the question lists no "(A) ..." options',
      ),
    ];
  }
  const issues: ParseIssue[] = [];
  if (label !== null && fields.proposedLabel && !findOption(options, label)) {
    const reason = `proposed label ${JSON.stringify(label)} is not among the options: ${listKeys(options)}`;
    issues.push(parseError(line, fields.proposedLabel, reason));
  }
  for (const other of others) {
    if (!fields.otherAnswers) break;
    if (label !== null && other.trim() === label.trim()) {
      issues.push(
        parseError(line, fields.otherAnswers, `answer ${JSON.stringify(other)} repeats the proposed label`),
      );
    } else if (!findOption(options, other)) {
      const reason = `answer ${JSON.stringify(other)} is not among the options: ${listKeys(options)}`;
      issues.push(parseError(line, fields.otherAnswers, reason));
    }
  }
  if (issues.length === 0 && options.length < 2) {
    issues.push(
      parseError(line, fields.question, `fewer than two options to choose from: ${listKeys(options)}`),
    );
  }
  return issues;
}

// With several correct answers every one of them is marked, so reports count agreement with any of them.
function markCorrect(options: ChoiceOption[], label: string | null, alsoCorrect: string[]): ChoiceOption[] {
  if (label === null || alsoCorrect.length === 0) return options;
  const correct = new Set([label, ...alsoCorrect].map((a) => a.trim()));
  return options.map((o) => (correct.has(o.key.trim()) ? { ...o, correct: true } : o));
}

function moreLabels(value: unknown, first: string | null): string[] {
  if (!Array.isArray(value) || first === null) return [];
  return value.slice(1).filter((v): v is string => typeof v === 'string' && v.trim() !== first.trim());
}
