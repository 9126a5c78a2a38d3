// One click on the study form picks a ready-made template: the form posts `templatePreset`, and the chosen
// template replaces whatever the JSON box holds. 'custom' (or no preset) means the JSON box is the template.
import { BUILTIN_TEMPLATES, type BuiltinTemplate } from './builtin-templates';
import type { QuestionTemplate } from './question-template';

export const CUSTOM_PRESET = 'custom';
export const PRESET_KEYS: [string, ...string[]] = [CUSTOM_PRESET, ...BUILTIN_TEMPLATES.map((t) => t.key)];

/** `saved-<id>`: one of the researcher's saved templates, chosen on the study form. */
export const SAVED_PRESET = /^saved-(\d{1,15})$/;

/** The saved template's id a preset names, or null for a built-in, custom or missing preset. */
export function savedTemplateId(preset: unknown): number | null {
  const m = typeof preset === 'string' ? SAVED_PRESET.exec(preset) : null;
  return m ? Number(m[1]) : null;
}

export function findBuiltinTemplate(key: unknown): BuiltinTemplate | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.key === key);
}

/**
 * Why: the preset decides before the template is parsed, so a stale or half-edited JSON box never blocks a
 * study that uses a built-in template. Returns a new body; an unknown preset is left for the schema to reject.
 */
export function resolveTemplatePreset(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const form = body as Record<string, unknown>;
  const raw = Array.isArray(form.templatePreset) ? form.templatePreset.at(-1) : form.templatePreset;
  const builtin = findBuiltinTemplate(raw);
  return builtin
    ? { ...form, templatePreset: raw, template: builtin.template }
    : { ...form, templatePreset: raw };
}

/** The preset a stored template matches, for the edit form; anything else is custom. */
export function presetOf(template: QuestionTemplate): string {
  const json = canonical(template);
  return BUILTIN_TEMPLATES.find((t) => canonical(t.template) === json)?.key ?? CUSTOM_PRESET;
}

// Why: jsonb stores object keys in its own order, so a stored template is compared with sorted keys.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
