import type { QuestionTemplate } from '../../domain/studies/question-template';
import { answerFieldName } from '../../domain/studies/answers';
import { ratingLabel, type KeyboardShortcut } from '../../domain/studies/keyboard-shortcuts';
import type { ExampleOption } from '../../domain/studies/example-option';
import { expectedMinutes } from '../../domain/studies/time-estimate';
import { contextLines, fillPlaceholders, type ExampleFields } from '../../domain/studies/placeholders';
import type { Study } from '../studies/types';

/**
 * The labeling page's view model: each question with its form field name and its answers, each answer with
 * the value the form posts, the text shown, and its keyboard shortcut. Computed here so the template only loops.
 */
export interface AnswerView {
  value: string;
  label: string;
  key: string | null;
}
export interface QuestionView {
  id: string;
  kind: string;
  prompt: string;
  help: string | null;
  required: boolean;
  field: string;
  answers: AnswerView[];
  scaleNote: string | null;
  maxLength: number | null;
}

/** Prompts and help texts have the example's `{field}` placeholders filled (see placeholders.ts). */
export function buildQuestionViews(
  template: QuestionTemplate,
  options: readonly ExampleOption[],
  shortcuts: readonly KeyboardShortcut[],
  fields: ExampleFields = { options, behaviour: '', reference: null, record: {} },
): QuestionView[] {
  const keyOf = (questionId: string, value: string) =>
    shortcuts.find((s) => s.questionId === questionId && s.value === value)?.key ?? null;
  return template.questions.map((q) => {
    let answers: AnswerView[] = [];
    let scaleNote: string | null = null;
    if (q.kind === 'choice') {
      answers = options.map((o) => ({
        value: o.key,
        label: o.text || o.key.trim(),
        key: keyOf(q.id, o.key),
      }));
    } else if (q.kind === 'yes-no') {
      answers = ['yes', 'no'].map((v) => ({
        value: v,
        label: v === 'yes' ? 'Yes' : 'No',
        key: keyOf(q.id, v),
      }));
    } else if (q.kind === 'rating') {
      for (let v = q.min; v <= q.max; v += 1) {
        answers.push({ value: String(v), label: ratingLabel(q, v), key: keyOf(q.id, String(v)) });
      }
      scaleNote = `${q.min} = ${q.minLabel}, ${q.max} = ${q.maxLabel}`;
    }
    return {
      id: q.id,
      kind: q.kind,
      prompt: fillPlaceholders(q.prompt, fields),
      help: q.help === undefined ? null : fillPlaceholders(q.help, fields),
      required: q.required,
      field: answerFieldName(q.id),
      answers,
      scaleNote,
      maxLength: q.kind === 'text' ? q.maxLength : null,
    };
  });
}

/** The example's own fields the template shows beside it (occupation, other person, pronouns, ...). */
export function exampleContext(template: QuestionTemplate, fields: ExampleFields) {
  return contextLines(template, fields);
}

/** What the consent page promises: how many examples a worker will get and about how long they take. */
export interface ConsentFacts {
  items: number;
  minutes: number;
}

export function consentFacts(study: Pick<Study, 'perWorkerLimit' | 'taskCount' | 'template'>): ConsentFacts {
  const items =
    study.perWorkerLimit === null ? study.taskCount : Math.min(study.perWorkerLimit, study.taskCount);
  return { items, minutes: expectedMinutes(study.template, items) };
}

/** The platform's instruction for a worker who does not consent (Prolific and MTurk word it differently). */
export function declineInstruction(source: string | undefined): string {
  if (source === 'prolific')
    return 'Please return the study on Prolific (choose "Return submission") so that your place goes to someone else. You will not be penalised.';
  if (source === 'mturk')
    return 'Please return the HIT on MTurk (choose "Return") so that another worker can take it. You will not be penalised.';
  return 'You can close this page. Nothing was recorded.';
}
