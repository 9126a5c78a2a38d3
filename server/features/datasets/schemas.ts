import { z } from 'zod';
import type { FieldMapping } from '../../domain/formats';

/**
 * The shapes every way in (page, API, CLI, seed) must respect: dataset metadata, a field mapping and the
 * import options. Empty strings from forms count as "not given".
 */
export const CATEGORIES = [
  'persona',
  'politics',
  'ethics',
  'social-bias',
  'advanced-ai-risk',
  'sycophancy',
  'winogender',
] as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());
const flag = z.preprocess(
  (v) => v === true || v === 'true' || v === '1' || v === 'on' || v === 'yes',
  z.boolean(),
);

export const SlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,119}$/, 'Use lowercase letters, digits and hyphens (up to 120)');

export const MetadataSchema = z.object({
  name: z.string().trim().min(1, 'Give the dataset a name').max(200),
  description: z.preprocess((v) => v ?? '', z.string().trim().max(5000)),
  category: z
    .string()
    .trim()
    .min(1, 'Choose a category')
    .max(60)
    .regex(/^[a-z0-9][a-z0-9 -]*$/i, 'Use letters, digits, spaces and hyphens'),
  source: z.enum(['lm', 'human'], { message: 'Choose LM-written or human-written' }),
  pairingKey: z.preprocess((v) => blankToUndefined(v) ?? null, z.string().trim().max(200).nullable()),
});
export type MetadataInput = z.input<typeof MetadataSchema>;

/** Metadata at import: the name and slug may be left out and are derived from the file. */
export const ImportMetaSchema = MetadataSchema.extend({
  name: optionalText(200),
  slug: z.preprocess(blankToUndefined, SlugSchema.optional()),
  category: z.preprocess(blankToUndefined, MetadataSchema.shape.category.optional()),
  source: z.preprocess(blankToUndefined, MetadataSchema.shape.source.optional()),
});
export type ImportMeta = z.output<typeof ImportMetaSchema>;

/** The mapping's fields, as forms and query strings name them (`mappingQuestion`, `mapping.question`). */
export const MAPPING_KEYS = [
  'question',
  'proposedLabel',
  'otherAnswers',
  'labelConfidence',
  'context',
  'options',
  'optionText',
  'answer',
  'separator',
  'references',
  'id',
] as const;

const separatorText = z.preprocess(
  (v) => (typeof v === 'string' && v === '' ? undefined : v),
  z.string().max(10).optional(),
);

export const MappingSchema = z
  .object({
    ...Object.fromEntries(MAPPING_KEYS.map((key) => [key, optionalText(200)])),
    separator: separatorText,
  } as Record<(typeof MAPPING_KEYS)[number], ReturnType<typeof optionalText>>)
  .transform((m, ctx) => {
    const given = Object.values(m).some((v) => v !== undefined);
    if (!given) return undefined;
    if (!m.question) {
      ctx.addIssue({ code: 'custom', path: ['question'], message: 'Name the field holding the question' });
      return z.NEVER;
    }
    const mapping: Record<string, string> = {};
    for (const [key, value] of Object.entries(m)) if (value !== undefined) mapping[key] = value;
    return { ...mapping, question: m.question } as FieldMapping;
  });

/** A saved mapping's name: what the page's dropdown, the CLI's --mapping and the API's savedMapping give. */
export const MappingNameSchema = z.preprocess(
  blankToUndefined,
  z.string().trim().max(100, 'Use at most 100 characters').optional(),
);

export const ImportOptionsSchema = z.object({
  fileType: z.preprocess(blankToUndefined, z.enum(['auto', 'jsonl', 'json', 'csv']).default('auto')),
  savedMapping: MappingNameSchema,
  saveMappingAs: MappingNameSchema,
  skipBadLines: flag.default(false),
  confirmNewVersion: flag.default(false),
});

/** Reads `mapping.question` style keys (forms, query strings) into a mapping object. */
export function mappingFields(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    MAPPING_KEYS.map((key) => [key, values[`mapping.${key}`] ?? values[`mapping${capitalise(key)}`]]),
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
