// The template editor's form (issue 17): a template as flat form fields (`questions.2.prompt`), the editor's
// buttons (add, remove, move up or down) as pure steps on that draft, and validation with one error per field,
// keyed by the field's own name so the page shows each message beside its input. Works without JavaScript:
// every button is a round trip that re-renders the draft.
import { z } from 'zod';
import { questionTemplateSchema, type QuestionTemplate, MAX_QUESTIONS } from './question-template';

export const QUESTION_KINDS = ['choice', 'yes-no', 'rating', 'text'] as const;
export type EditorKind = (typeof QUESTION_KINDS)[number];

/** The role each kind may carry: what the paper's statistics read (see question-template.ts). */
export const ROLE_OF_KIND: Record<EditorKind, string | null> = {
  choice: 'answer',
  'yes-no': 'ambiguity',
  rating: 'relevance',
  text: null,
};

/** A question as the form holds it: every value a string, as posted. */
export interface DraftQuestion {
  id: string;
  kind: EditorKind;
  prompt: string;
  help: string;
  required: boolean;
  role: string;
  min: string;
  max: string;
  minLabel: string;
  maxLabel: string;
  /** A scale's own label per point, separated by `|` (optional). */
  labels: string;
  maxLength: string;
}

export interface DraftContextLine {
  label: string;
  text: string;
}

export interface TemplateDraft {
  name: string;
  context: DraftContextLine[];
  questions: DraftQuestion[];
}

const FIELD = /^(questions|context)\.(\d{1,2})\.([A-Za-z]+)$/;

/** Reads the posted form into a draft; unknown fields are ignored and a missing kind reads as yes/no. */
export function draftFromForm(body: Record<string, unknown>): TemplateDraft {
  const questions = new Map<number, Record<string, string>>();
  const context = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(body)) {
    const m = FIELD.exec(key);
    if (!m) continue;
    const rows = m[1] === 'questions' ? questions : context;
    const index = Number(m[2]);
    const row = rows.get(index) ?? {};
    row[m[3]!] = String(Array.isArray(value) ? value.at(-1) : (value ?? ''));
    rows.set(index, row);
  }
  const ordered = <T>(rows: Map<number, T>) =>
    [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
  return {
    name: typeof body.name === 'string' ? body.name : '',
    context: ordered(context).map((r) => ({ label: r.label ?? '', text: r.text ?? '' })),
    questions: ordered(questions).map(questionFromFields),
  };
}

function questionFromFields(r: Record<string, string>): DraftQuestion {
  const kind = (QUESTION_KINDS as readonly string[]).includes(r.kind ?? '')
    ? (r.kind as EditorKind)
    : 'yes-no';
  return {
    ...blankQuestion(kind, r.id ?? ''),
    prompt: r.prompt ?? '',
    help: r.help ?? '',
    required: r.required === 'true',
    role: r.role ?? '',
    min: r.min ?? '1',
    max: r.max ?? '5',
    minLabel: r.minLabel ?? '',
    maxLabel: r.maxLabel ?? '',
    labels: r.labels ?? '',
    maxLength: r.maxLength ?? '2000',
  };
}

function blankQuestion(kind: EditorKind, id: string): DraftQuestion {
  return {
    id,
    kind,
    prompt: '',
    help: '',
    required: true,
    role: '',
    min: '1',
    max: '5',
    minLabel: '',
    maxLabel: '',
    labels: '',
    maxLength: '2000',
  };
}

/** A template (built-in or saved) as the editor's draft. */
export function draftOf(template: QuestionTemplate, name: string): TemplateDraft {
  return {
    name,
    context: (template.context ?? []).map((c) => ({ label: c.label, text: c.text })),
    questions: template.questions.map((q) => ({
      ...blankQuestion(q.kind, q.id),
      prompt: q.prompt,
      help: q.help ?? '',
      required: q.required,
      role: q.kind === 'text' ? '' : (q.role ?? ''),
      ...(q.kind === 'rating'
        ? {
            min: String(q.min),
            max: String(q.max),
            minLabel: q.minLabel,
            maxLabel: q.maxLabel,
            labels: (q.labels ?? []).join(' | '),
          }
        : {}),
      ...(q.kind === 'text' ? { maxLength: String(q.maxLength) } : {}),
    })),
  };
}

/** The editor's buttons: `add-<kind>`, `remove-<i>`, `up-<i>`, `down-<i>`, `add-context`, `remove-context-<i>`. */
export const EditorAction = z.union([
  z.enum(['save', 'preview', 'refresh', 'add-context']),
  z.string().regex(/^add-(choice|yes-no|rating|text)$/),
  z.string().regex(/^(remove|up|down|remove-context)-\d{1,2}$/),
]);

/** Applies one button to the draft (save, preview and refresh change nothing). */
export function applyEditorAction(draft: TemplateDraft, action: string): TemplateDraft {
  const questions = [...draft.questions];
  const context = [...draft.context];
  const add = /^add-(choice|yes-no|rating|text)$/.exec(action);
  const at = /^(remove|up|down|remove-context)-(\d+)$/.exec(action);
  if (add && questions.length < MAX_QUESTIONS)
    questions.push(blankQuestion(add[1] as EditorKind, freshId(questions)));
  else if (action === 'add-context') context.push({ label: '', text: '' });
  else if (at) {
    const i = Number(at[2]);
    if (at[1] === 'remove') questions.splice(i, 1);
    if (at[1] === 'remove-context') context.splice(i, 1);
    if (at[1] === 'up' && i > 0 && i < questions.length) swap(questions, i, i - 1);
    if (at[1] === 'down' && i + 1 < questions.length) swap(questions, i, i + 1);
  }
  return { ...draft, questions, context };
}

function swap<T>(list: T[], a: number, b: number): void {
  [list[a], list[b]] = [list[b]!, list[a]!];
}

/** Why: a new question needs an id (its export column `q_<id>`); `q1`, `q2`, ... not yet taken. */
function freshId(questions: readonly DraftQuestion[]): string {
  const taken = new Set(questions.map((q) => q.id));
  let n = questions.length + 1;
  while (taken.has(`q${n}`)) n += 1;
  return `q${n}`;
}

const templateName = z
  .string()
  .trim()
  .min(1, 'Give the template a name')
  .max(200, 'A name has at most 200 characters');

export type DraftResult =
  { ok: true; name: string; template: QuestionTemplate } | { ok: false; errors: Record<string, string> };

/**
 * Checks the draft against the template schema; each error is keyed by the form field it belongs to
 * (`questions.1.max`), or `questions` / `context` / `name` for the whole list or the name.
 */
export function validateDraft(draft: TemplateDraft): DraftResult {
  const errors: Record<string, string> = {};
  const name = templateName.safeParse(draft.name);
  if (!name.success) errors.name = name.error.issues[0]!.message;
  const candidate = {
    ...(draft.context.length > 0 ? { context: draft.context } : {}),
    questions: draft.questions.map(questionOf),
  };
  const parsed = questionTemplateSchema.safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = fieldKey(issue.path);
      if (!Object.hasOwn(errors, key)) errors[key] = sentence(issue.message);
    }
  if (Object.keys(errors).length > 0 || !parsed.success || !name.success) return { ok: false, errors };
  return { ok: true, name: name.data, template: parsed.data };
}

/** The question in the template schema's own shape, numbers read from their text. */
function questionOf(q: DraftQuestion): Record<string, unknown> {
  const common = {
    id: q.id.trim(),
    kind: q.kind,
    prompt: q.prompt,
    required: q.required,
    ...(q.help.trim() ? { help: q.help } : {}),
    ...(q.role && q.role === ROLE_OF_KIND[q.kind] ? { role: q.role } : {}),
  };
  if (q.kind === 'rating') {
    const labels = q.labels
      .split('|')
      .map((l) => l.trim())
      .filter(Boolean);
    return {
      ...common,
      min: numberOf(q.min),
      max: numberOf(q.max),
      minLabel: q.minLabel,
      maxLabel: q.maxLabel,
      ...(labels.length > 0 ? { labels } : {}),
    };
  }
  if (q.kind === 'text') return { ...common, maxLength: numberOf(q.maxLength) };
  return common;
}

/** A number typed in a box; anything else stays text so the schema names the field. */
function numberOf(text: string): number | string {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** `['questions', 2, 'max']` → `questions.2.max`, the form field's name; deeper paths stop at the field. */
function fieldKey(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'questions';
  return path.slice(0, 3).map(String).join('.');
}

/** Why: schema messages read "must not be empty"; beside a field they read as a sentence. */
function sentence(message: string): string {
  const text = message
    .replace(/^Invalid input: expected number, received string$/, 'must be a whole number')
    .replace(/^Too small: expected number to be >=(\d+)$/, 'must be at least $1');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
