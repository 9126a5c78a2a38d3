import type { Response } from 'express';
import { CATEGORIES } from './view-model';

/**
 * What the upload page shows: its empty values, and the mapping as rows of a dropdown of the fields the
 * preview saw (carried across the steps in a hidden field) with a path box beside it.
 */
export const EMPTY_VALUES: Record<string, string> = { category: 'persona', source: 'lm', fileType: 'auto' };

/**
 * The mapping's inputs on the form, named as the API names them. Each field is chosen from a dropdown of the
 * fields the preview saw, with a path box beside it for nested paths (question.stem, choices[].text) and column
 * patterns (ans*); the separator is typed.
 */
export const MAPPING_INPUTS: [string, string, 'field' | 'text'][] = [
  ['mappingQuestion', 'Question (or input) field', 'field'],
  ['mappingContext', 'Context field', 'field'],
  ['mappingOptions', 'Options: a list, an object, or columns like ans*', 'field'],
  ['mappingOptionText', 'Text inside each option (e.g. text)', 'field'],
  ['mappingAnswer', 'Correct answer(s): index, letter or text', 'field'],
  ['mappingSeparator', 'Separator of several answers in one cell (e.g. ; )', 'text'],
  ['mappingReferences', 'Reference answers (open-ended)', 'field'],
  ['mappingId', 'Id field', 'field'],
  ['mappingProposedLabel', 'Proposed label field (anthropic-evals style)', 'field'],
  ['mappingOtherAnswers', 'Other answer(s) field (anthropic-evals style)', 'field'],
  ['mappingLabelConfidence', 'Confidence field', 'field'],
];

export interface MappingRow {
  name: string;
  label: string;
  kind: 'field' | 'text';
  /** The dropdown's fields: those seen, plus the chosen one if the preview did not see it. */
  choices: string[];
  selected: string;
  path: string;
}

// A typed path that is one of the fields seen shows as chosen in the dropdown; any other stays in the box.
export function mappingRows(values: Record<string, string>, fieldsSeen: readonly string[]): MappingRow[] {
  return MAPPING_INPUTS.map(([name, label, kind]) => {
    const value = values[name] ?? '';
    const typed = values[`${name}Path`] ?? '';
    const known = value !== '' && fieldsSeen.includes(value);
    return {
      name,
      label,
      kind,
      choices: [...fieldsSeen],
      selected: known ? value : '',
      path: kind === 'text' ? value : typed || (known ? '' : value),
    };
  });
}

const MAX_FIELDS = 200;

/** The fields seen, as the hidden field carries them (JSON); anything else reads as none. */
export function readFieldsSeen(text: string | undefined): string[] {
  try {
    const list: unknown = JSON.parse(text ?? '[]');
    if (!Array.isArray(list)) return [];
    return list.filter((f): f is string => typeof f === 'string' && f.length <= 200).slice(0, MAX_FIELDS);
  } catch {
    return [];
  }
}

export function renderNew(res: Response, status: number, extra: Record<string, unknown> = {}) {
  const values = (extra.values as Record<string, string> | undefined) ?? EMPTY_VALUES;
  const preview = extra.preview as { fieldsSeen: string[] } | null | undefined;
  const fieldsSeen = (preview?.fieldsSeen ?? readFieldsSeen(values.fieldsSeen)).slice(0, MAX_FIELDS);
  res.status(status).render('datasets/new', {
    title: 'Import a dataset',
    categories: CATEGORIES,
    errors: {},
    issues: [],
    omitted: 0,
    message: null,
    preview: null,
    existing: null,
    kept: null,
    offerNewVersion: false,
    savedMappings: [],
    ...extra,
    values,
    fieldsSeenJson: JSON.stringify(fieldsSeen),
    mappingRows: mappingRows(values, fieldsSeen),
  });
}
