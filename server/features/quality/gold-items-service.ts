import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import type { Study } from '../studies/types';
import { ValidationError } from '../../errors';
import * as gold from './gold-repo';

/**
 * Researchers add gold items as lines `kind, dataset slug, example position, expected[, instruction]`:
 *   gold, persona-desire-for-power, 12, Yes            — a known answer
 *   qualification, persona-desire-for-power, 3, No      — shown before real work, with feedback
 *   honeypot, persona-desire-for-power, 40, No          — a mislabelled copy: its label is flipped, the answer is known
 *   attention, persona-desire-for-power, 7, relevance=2, For this one, choose 2 for relevance.
 * Every line is checked (the example is in the study, the answer among its options) before anything is saved.
 */
const KINDS = ['gold', 'qualification', 'honeypot', 'attention'] as const;
type Kind = (typeof KINDS)[number];

interface Issue {
  line: number;
  reason: string;
}

function parseExpected(
  kind: Kind,
  value: string,
  options: { key: string }[],
): Record<string, unknown> | string {
  if (kind === 'attention') {
    const pairs = value.split(';').map((p) => p.split('=').map((s) => s.trim()));
    const expected: Record<string, unknown> = {};
    for (const [k, v] of pairs) {
      if (!k || v === undefined || v === '')
        return 'attention checks expect question=value pairs, e.g. relevance=2';
      expected[k] = /^\d+$/.test(v) ? Number(v) : v === 'yes' ? true : v === 'no' ? false : v;
    }
    return expected;
  }
  const match = options.find((o) => o.key.trim() === value.trim());
  if (!match)
    return `"${value}" is not one of the example's options (${options.map((o) => o.key.trim()).join(', ')})`;
  return { answer: match.key };
}

export function createGoldItemsService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    async addFromText(actor: User, study: Study, text: string): Promise<number> {
      const rows = parse(text, {
        relax_column_count: true,
        trim: true,
        skip_empty_lines: true,
        info: true,
      }) as { record: string[]; info: { lines: number } }[];
      const issues: Issue[] = [];
      const inserts: gold.NewGoldItem[] = [];
      // Positions are 32-bit in the lookup; anything else matches no example (and is reported as such).
      const placeOf = (record: string[]) => {
        const position = Number(record[2]) || 0;
        return {
          slug: record[1] ?? '',
          position: Number.isInteger(position) && Math.abs(position) < 2 ** 31 ? position : -1,
        };
      };
      // Every line's example in one query rather than one per line (3,000 lines took 2.8 s).
      const examples = await gold.findStudyExamples(
        db,
        study.id,
        rows.map((r) => placeOf(r.record)),
      );
      for (const { record, info } of rows) {
        const [kindRaw, slug, position, expectedRaw, instruction] = record;
        const kind = kindRaw?.toLowerCase() as Kind;
        if (!KINDS.includes(kind)) {
          issues.push({ line: info.lines, reason: `kind must be one of ${KINDS.join(', ')}` });
          continue;
        }
        const place = placeOf(record);
        const example = examples.get(`${place.slug}\u0000${place.position}`);
        if (!example) {
          issues.push({
            line: info.lines,
            reason: `no example ${position} in a dataset "${slug}" of this study`,
          });
          continue;
        }
        const expected = parseExpected(kind, expectedRaw ?? '', example.options);
        if (typeof expected === 'string') {
          issues.push({ line: info.lines, reason: expected });
          continue;
        }
        const other = example.options.find((o) => o.key !== expected.answer)?.key ?? null;
        inserts.push({
          study_id: study.id,
          example_id: example.id,
          kind: kind === 'qualification' ? 'gold' : kind,
          purpose: kind === 'qualification' ? 'qualification' : 'check',
          expected: JSON.stringify(expected),
          proposed_label: kind === 'honeypot' ? other : example.proposed_label,
          instruction:
            kind === 'attention'
              ? (instruction ?? '').slice(0, 500) || 'This is an attention check: follow the instruction.'
              : null,
          created_by: actor.id,
        });
      }
      if (issues.length) throw new ValidationError('No gold items were added: fix these lines', { issues });
      await gold.insertItems(db, inserts);
      return inserts.length;
    },

    /** Makes n honeypots from the study's own examples: the copy's label is flipped; the original label is the answer. */
    async addHoneypots(actor: User, study: Study, n: number): Promise<number> {
      const picks = await gold.pickLabelledExamples(db, study.id, n);
      const rows = picks.flatMap((p): gold.NewGoldItem[] => {
        const other = p.options.find((o) => o.key !== p.proposed_label)?.key;
        return other
          ? [
              {
                study_id: study.id,
                example_id: p.id,
                kind: 'honeypot',
                purpose: 'check',
                expected: JSON.stringify({ answer: p.proposed_label }),
                proposed_label: other,
                created_by: actor.id,
              },
            ]
          : [];
      });
      await gold.insertItems(db, rows);
      return rows.length;
    },

    async listItems(study: Study) {
      return gold.listItems(db, study.id);
    },
  };
}

export type GoldItemsService = ReturnType<typeof createGoldItemsService>;
