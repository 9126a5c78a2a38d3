// The study setup form: what a researcher submits, coerced from HTML form strings and checked in one place.
import { z } from 'zod';
import { jsonNestsDeeperThan } from '../formats/json-depth';
import { DEFAULT_TEMPLATE, questionTemplateSchema } from './question-template';
import { defaultReservationMinutes } from './time-estimate';
import { PRESET_KEYS, SAVED_PRESET } from './template-preset';

const PRESET_MESSAGE = `must be one of ${PRESET_KEYS.join(', ')}, or a saved template`;

/** An empty text box means "not given", so defaults and optionals apply. */
const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A repeated form field arrives as an array; the last value is the one the browser sent last. */
const lastValue = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value);

/** Digits become a number; anything else is left for the schema to reject with its own message. */
const toNumber = (value: unknown) => {
  const given = blankToUndefined(lastValue(value));
  return typeof given === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(given) ? Number(given) : given;
};

const wholeNumber = (min: number, max: number) =>
  z
    .number('must be a whole number')
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/**
 * Why: an unchecked checkbox sends nothing, so the form pairs it with a hidden `value="false"` input placed
 * first; 'on'/'true'/'1'/'yes' are true, 'off'/'false'/'0'/'no'/'' false, and a missing field takes the default.
 */
const formBoolean = z.preprocess((value: unknown) => {
  const last = lastValue(value);
  if (typeof last !== 'string') return last;
  const normal = last.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(normal)) return true;
  if (['off', 'false', '0', 'no', ''].includes(normal)) return false;
  return last;
}, z.boolean('must be on or off'));

const code = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -')
    .optional(),
);

// A real template nests four or five levels; far deeper is an attack on the recursive code that walks it.
const TEMPLATE_MAX_DEPTH = 32;

/** The template arrives as JSON text from a textarea, or already parsed; blank means the paper's default. */
const templateField = z.preprocess((value: unknown, ctx) => {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return DEFAULT_TEMPLATE;
  if (typeof value !== 'string') return value;
  if (jsonNestsDeeperThan(value, TEMPLATE_MAX_DEPTH)) {
    ctx.addIssue({ code: 'custom', message: `is nested too deeply (at most ${TEMPLATE_MAX_DEPTH} levels)` });
    return z.NEVER;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON', input: value });
    return z.NEVER;
  }
}, questionTemplateSchema);

/** Why: one schema for the setup form, so the route only parses, and the service gets typed settings. */
export const studySettingsSchema = z
  .object({
    name: z.string('is required').trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    datasetIds: z.preprocess(
      (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
      z
        .array(z.preprocess(toNumber, wholeNumber(1, Number.MAX_SAFE_INTEGER)))
        .min(1, 'choose at least one dataset')
        .transform((ids) => [...new Set(ids)]),
    ),
    examplesPerDataset: z.preprocess(
      (value: unknown) => (value === 'all' ? value : toNumber(value)),
      z.union([z.literal('all'), wholeNumber(1, 100_000)], 'must be a whole number or all').default(100),
    ),
    k: z.preprocess(toNumber, wholeNumber(1, 20).default(3)),
    // Adaptive overlap (see adaptive.ts): k judgments first, then more up to kMax until `agree` answers agree.
    overlap: z.preprocess(
      blankToUndefined,
      z.enum(['fixed', 'adaptive'], 'must be fixed or adaptive').default('fixed'),
    ),
    kMax: z.preprocess(toNumber, wholeNumber(2, 20).optional()),
    agree: z.preprocess(toNumber, wholeNumber(1, 20).optional()),
    // Blank: a default that fits the template (see time-estimate.ts), filled in below once the template is parsed.
    reservationMinutes: z.preprocess(toNumber, wholeNumber(1, 1440).optional()),
    perWorkerLimit: z.preprocess(toNumber, wholeNumber(1, 1_000_000).optional()),
    order: z.preprocess(
      blankToUndefined,
      z.enum(['random', 'finish-started'], 'must be random or finish-started').default('random'),
    ),
    instructions: z.string().max(20_000, 'must be at most 20000 characters').default(''),
    completionCode: code,
    screenedOutCode: code,
    completionUrl: z.preprocess(
      blankToUndefined,
      z
        .url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'must be an https:// address' })
        .max(2000)
        .optional(),
    ),
    consentText: z.preprocess(
      blankToUndefined,
      z.string().max(20_000, 'must be at most 20000 characters').optional(),
    ),
    // Set by resolveTemplatePreset (template-preset.ts) before parsing; kept so the form re-renders the choice.
    templatePreset: z.preprocess(
      blankToUndefined,
      z
        .union([
          z.enum(PRESET_KEYS),
          // A saved template (features/templates): the route puts its questions in `template` before parsing.
          z.string().regex(SAVED_PRESET, PRESET_MESSAGE),
        ])
        .optional(),
    ),
    template: templateField,
    // Worker quality control: rates and thresholds as percentages, as researchers think of them.
    goldRatePercent: z.preprocess(toNumber, wholeNumber(0, 50).default(0)),
    attentionRatePercent: z.preprocess(toNumber, wholeNumber(0, 50).default(0)),
    qualificationCount: z.preprocess(toNumber, wholeNumber(0, 100).default(0)),
    qualificationMinPercent: z.preprocess(toNumber, wholeNumber(0, 100).default(80)),
    autoBlockMinPercent: z.preprocess(toNumber, wholeNumber(0, 100).optional()),
    autoBlockMinItems: z.preprocess(toNumber, wholeNumber(1, 1000).default(5)),
    autoBlockExclude: formBoolean.default(true),
  })
  .superRefine((s, ctx) => {
    if (s.overlap !== 'adaptive') return;
    const kMax = s.kMax;
    if (kMax === undefined)
      ctx.addIssue({ code: 'custom', path: ['kMax'], message: 'is required for adaptive overlap' });
    else if (kMax <= s.k)
      ctx.addIssue({ code: 'custom', path: ['kMax'], message: `must be more than k (${s.k})` });
    const agree = s.agree ?? s.k;
    if (kMax !== undefined && agree > kMax) {
      ctx.addIssue({ code: 'custom', path: ['agree'], message: `must be at most the maximum (${kMax})` });
    }
  })
  .transform(({ agree, kMax, ...settings }) => ({
    ...settings,
    ...(settings.overlap === 'adaptive' ? { kMax, agree: agree ?? settings.k } : {}),
    reservationMinutes: settings.reservationMinutes ?? defaultReservationMinutes(settings.template),
  }));

/** Why: what the service stores on the study row, fully defaulted. */
export type StudySettings = z.output<typeof studySettingsSchema>;
/** Why: what the form may post (for re-rendering it with the submitted values). */
export type StudySettingsInput = z.input<typeof studySettingsSchema>;
