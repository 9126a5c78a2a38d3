import type { QuestionTemplate, RatingQuestion } from '../../domain/studies/question-template';
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
  /** Whether the page shows the key: a scale point whose key is its own number needs no hint. */
  showKey: boolean;
  /** A scale point's own label (its end's label, or its label from `labels`), shown under the number. */
  note: string | null;
}
export interface QuestionView {
  id: string;
  kind: string;
  prompt: string;
  help: string | null;
  required: boolean;
  field: string;
  answers: AnswerView[];
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
    if (q.kind === 'choice') {
      answers = options.map((o) => answer(o.key, o.text || o.key.trim(), keyOf(q.id, o.key)));
    } else if (q.kind === 'yes-no') {
      answers = ['yes', 'no'].map((v) => answer(v, v === 'yes' ? 'Yes' : 'No', keyOf(q.id, v)));
    } else if (q.kind === 'rating') {
      for (let v = q.min; v <= q.max; v += 1) {
        const key = keyOf(q.id, String(v));
        answers.push({
          ...answer(String(v), ratingLabel(q, v), key),
          showKey: key !== String(v),
          note: pointNote(q, v),
        });
      }
    }
    return {
      id: q.id,
      kind: q.kind,
      prompt: fillPlaceholders(q.prompt, fields),
      help: q.help === undefined ? null : fillPlaceholders(q.help, fields),
      required: q.required,
      field: answerFieldName(q.id),
      answers,
      maxLength: q.kind === 'text' ? q.maxLength : null,
    };
  });
}

function answer(value: string, label: string, key: string | null): AnswerView {
  return { value, label, key, showKey: key !== null, note: null };
}

/** A scale point's label: its own from `labels`, else the end's label at either end, else none. */
function pointNote(q: RatingQuestion, value: number): string | null {
  return q.labels?.[value - q.min] ?? (value === q.min ? q.minLabel : value === q.max ? q.maxLabel : null);
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
