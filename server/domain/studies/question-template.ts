// A study's question template: the ordered questions a worker answers about each example.
// The paper's three questions are the default; other datasets (winogenerated) need their own checklist.
import { z } from 'zod';
import { formatIssues } from './format-issues';

export const MAX_RATING_POINTS = 11;
export const MAX_QUESTIONS = 30;

/** Why: ids become form field names (`q_<id>`) and data attributes, so they must be slug-safe. */
const questionId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a slug: a lowercase letter, then up to 39 of a-z 0-9 _ -');

const base = {
  id: questionId,
  prompt: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
  required: z.boolean().default(true),
  /** Why: a line under the prompt saying what the question means; may use {field} placeholders too. */
  help: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
};

const label = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** Why: "choose one of the example's own options"; role 'answer' is compared with the proposed label. */
const choiceQuestion = z.object({ ...base, kind: z.literal('choice'), role: z.literal('answer').optional() });

/** Why: role 'ambiguity' is the paper's "is the correct answer unclear?" question. */
const yesNoQuestion = z.object({
  ...base,
  kind: z.literal('yes-no'),
  role: z.literal('ambiguity').optional(),
});

/** Why: a labelled scale; role 'relevance' is the paper's 1 (Horrible) .. 5 (Amazing) question. */
const ratingQuestion = z
  .object({
    ...base,
    kind: z.literal('rating'),
    min: z.number().int('must be an integer'),
    max: z.number().int('must be an integer'),
    minLabel: label,
    maxLabel: label,
    labels: z.array(label).optional(),
    role: z.literal('relevance').optional(),
  })
  .superRefine((q, ctx) => {
    const points = q.max - q.min + 1;
    if (q.max <= q.min) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
    else if (points > MAX_RATING_POINTS)
      ctx.addIssue({
        code: 'custom',
        path: ['max'],
        message: `a rating has at most ${MAX_RATING_POINTS} points`,
      });
    else if (q.labels !== undefined && q.labels.length !== points)
      ctx.addIssue({
        code: 'custom',
        path: ['labels'],
        message: `must have one label per point (${points})`,
      });
  });

/** Why: free text, bounded so a page cannot post megabytes. */
const textQuestion = z.object({
  ...base,
  kind: z.literal('text'),
  maxLength: z.number().int('must be an integer').min(1).max(10000, 'must be at most 10000'),
});

/**
 * Why: what the task page shows beside the example, e.g. `{ label: 'Occupation', text: '{occupation}' }`, so a
 * checklist can ask about fields the example's text does not contain (see placeholders.ts).
 */
const contextLine = z.object({
  label: label,
  text: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
});

/** Why: the schema researchers' JSON is checked against; ids unique and each role used at most once. */
export const questionTemplateSchema = z
  .object({
    context: z.array(contextLine).max(20, 'must have at most 20 lines').optional(),
    questions: z
      .array(z.discriminatedUnion('kind', [choiceQuestion, yesNoQuestion, ratingQuestion, textQuestion]))
      .min(1, 'must have at least one question')
      .max(MAX_QUESTIONS, `must have at most ${MAX_QUESTIONS} questions`),
  })
  .superRefine((template, ctx) => {
    const ids = new Map<string, number>();
    const roles = new Map<string, number>();
    template.questions.forEach((q, i) => {
      const firstId = ids.get(q.id);
      if (firstId !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `duplicates questions[${firstId}].id`,
        });
      else ids.set(q.id, i);
      if (q.kind === 'text' || q.role === undefined) return;
      const firstRole = roles.get(q.role);
      if (firstRole !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'role'],
          message: `role '${q.role}' is already used by questions[${firstRole}]`,
        });
      else roles.set(q.role, i);
    });
  });

export type QuestionTemplate = z.output<typeof questionTemplateSchema>;
export type Question = QuestionTemplate['questions'][number];
export type QuestionKind = Question['kind'];
export type ChoiceQuestion = Extract<Question, { kind: 'choice' }>;
export type YesNoQuestion = Extract<Question, { kind: 'yes-no' }>;
export type RatingQuestion = Extract<Question, { kind: 'rating' }>;
export type TextQuestion = Extract<Question, { kind: 'text' }>;
export type QuestionRole = NonNullable<Exclude<Question, TextQuestion>['role']>;

export type ParseTemplateResult = { ok: true; template: QuestionTemplate } | { ok: false; errors: string[] };

/** Why: templates arrive as researcher-written JSON; callers need either a typed template or readable errors. */
export function parseTemplate(json: unknown): ParseTemplateResult {
  const result = questionTemplateSchema.safeParse(json);
  if (result.success) return { ok: true, template: result.data };
  return { ok: false, errors: formatIssues(result.error.issues) };
}

/** Why: statistics locate the paper's three answers by role, never by id or position. */
export function findQuestionByRole(template: QuestionTemplate, role: QuestionRole): Question | undefined {
  return template.questions.find((q) => q.kind !== 'text' && q.role === role);
}

export {
  BUILTIN_TEMPLATES,
  DEFAULT_TEMPLATE,
  REFERENCE_ANSWER_TEMPLATE,
  SYCOPHANCY_TEMPLATE,
  WINOGENERATED_TEMPLATE,
} from './builtin-templates';
