import { z } from 'zod';

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** The crowd settings form: codes, entry checks and waiting, editable in any state of the study. */
export const crowdSettingsSchema = z.object({
  partialCode: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(64, 'must be at most 64 characters')
      .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, - and _ only')
      .nullable(),
  ),
  perWorkerCodes: checkbox,
  requireSignedEntry: checkbox,
  identitiesPerAddressHour: z.preprocess(
    blankToNull,
    z.coerce
      .number('must be a whole number')
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100_000)
      .nullable(),
  ),
  maxWaitMinutes: z.coerce
    .number('must be a whole number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1440, 'must be at most 1440'),
});
export type CrowdSettings = z.output<typeof crowdSettingsSchema>;

export const blockGroupSchema = z.object({
  address: z.string().min(1).max(100),
  reason: z.string().trim().min(1, 'say why').max(500),
  exclude: checkbox,
});
