import type { QuestionTemplate } from '../../domain/studies/question-template';
import { BUILTIN_TEMPLATES } from '../../domain/studies/question-template';
import { QUESTION_KINDS, ROLE_OF_KIND, type TemplateDraft } from '../../domain/studies/template-editor';
import { assignShortcuts } from '../../domain/studies/keyboard-shortcuts';
import { buildQuestionViews, exampleContext } from '../labeling/view-model';
import type { PreviewExample } from './service';

/** What each kind is called in the editor, and what its role means to the report. */
export const KIND_LABELS: Record<string, string> = {
  choice: 'Choice among the example’s options',
  'yes-no': 'Yes / no',
  rating: 'Scale with labelled ends',
  text: 'Free text',
};
export const ROLE_LABELS: Record<string, string> = {
  answer: 'the worker’s own answer (agreement with the proposed label)',
  ambiguity: 'the paper’s “ambiguous?” question',
  relevance: 'the paper’s relevance rating',
};

export interface EditorPage {
  draft: TemplateDraft;
  errors: Record<string, string>;
  kinds: { value: string; label: string }[];
  roleOf: Record<string, string | null>;
  roleLabels: Record<string, string>;
  previewDatasets: { id: number; name: string }[];
  previewDataset: number | null;
  preview: ReturnType<typeof previewOf> | null;
}

export function editorPage(
  draft: TemplateDraft,
  errors: Record<string, string>,
  previewDatasets: { id: number; name: string }[],
  preview: { example: PreviewExample; template: QuestionTemplate } | null,
): EditorPage {
  return {
    draft,
    errors,
    kinds: QUESTION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k]! })),
    roleOf: ROLE_OF_KIND,
    roleLabels: ROLE_LABELS,
    previewDatasets,
    previewDataset: preview?.example.datasetId ?? null,
    preview: preview && previewOf(preview.example, preview.template),
  };
}

/** The draft on a real example, as the task page shows it (same partials, nothing posts). */
function previewOf(example: PreviewExample, template: QuestionTemplate) {
  const { task } = example;
  return {
    task: { ...task, notice: null },
    context: exampleContext(template, task.fields),
    questions: buildQuestionViews(
      template,
      task.options,
      assignShortcuts(template, task.options),
      task.fields,
    ),
  };
}

/** The built-in templates a researcher can copy, for the templates list. */
export function builtinChoices() {
  return BUILTIN_TEMPLATES.map((t) => ({ key: t.key, name: t.name, summary: t.summary }));
}
