/**
 * Turns one parsed record into a ParsedExample for a known format, or says exactly what is wrong
 * with it (line, field, reason). Pure: the same record always gives the same answer.
 */
import { isPlainObject } from './field-readers';
import { parseError } from './issues';
import {
  mappedFields,
  normaliseLabelled,
  PERSONA_FIELDS,
  PRERELEASE_FIELDS,
  STANDARD_FIELDS,
} from './normalise-labelled';
import { findFamily } from './model/families';
import { mapsOntoModel, specFromMapping } from './model/mapping-spec';
import { normaliseWithSpec } from './model/normalise-spec';
import { normaliseWinogeneratedExample, normaliseWinogeneratedOccupation } from './normalise-winogenerated';
import type { FieldMapping, FormatName, NormaliseResult } from './types';

// Why: the single entry point from "some JSON" to "an example workers can judge".
export function normaliseRecord(
  record: unknown,
  format: FormatName,
  position: number,
  line: number,
  rawText: string,
  mapping?: FieldMapping,
): NormaliseResult {
  if (!isPlainObject(record)) return { issues: [parseError(line, null, 'record is not a JSON object')] };
  const at = { position, line, rawText };
  switch (format) {
    case 'persona':
      return normaliseLabelled(record, PERSONA_FIELDS, at);
    case 'advanced-ai-risk':
    case 'few-shot-prompts':
    case 'sycophancy':
      return normaliseLabelled(record, STANDARD_FIELDS, at);
    case 'winogenerated':
      return normaliseWinogeneratedExample(record, at);
    case 'winogenerated-occupations':
      return normaliseWinogeneratedOccupation(record, at);
    case 'anthropic-prerelease':
      return normaliseLabelled(record, PRERELEASE_FIELDS, at);
    case 'mapped':
      if (!mapping) return { issues: [parseError(line, null, 'format "mapped" needs a field mapping')] };
      if (mapsOntoModel(mapping)) return normaliseWithSpec(record, specFromMapping(mapping), at);
      return normaliseLabelled(record, mappedFields(mapping), at);
    default: {
      const family = findFamily(format);
      if (!family) return { issues: [parseError(line, null, `unknown format "${format}"`)] };
      return normaliseWithSpec(record, family.spec(record), at);
    }
  }
}
