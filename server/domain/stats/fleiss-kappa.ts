/**
 * Fleiss' kappa (Fleiss 1971): chance-corrected agreement among a fixed number of raters
 * per subject, the paper's inter-rater statistic (0.875 pooled over persona datasets).
 * Input is a count table: rows are subjects (examples), columns are categories, and a
 * cell counts the raters who put that subject in that category.
 */
import { estimate, Stat, undefinedStat } from './result';

// Fleiss' kappa of a subjects × categories count table.
export function fleissKappa(table: readonly (readonly number[])[]): Stat {
  const problem = tableProblem(table);
  if (problem) return undefinedStat(problem, table.length);
  const { observed, chance } = agreementParts(table);
  if (chance >= 1 - 1e-12) {
    return undefinedStat('only one category was used, so chance agreement is 1', table.length);
  }
  return estimate((observed - chance) / (1 - chance), table.length);
}

// Builds the count table from each subject's answers; categories default to those seen, sorted.
export function countTable(
  answersPerSubject: readonly (readonly string[])[],
  categories?: readonly string[],
): number[][] {
  const columns = categories ?? [...new Set(answersPerSubject.flat())].sort();
  const index = new Map(columns.map((c, i) => [c, i]));
  return answersPerSubject.map((answers) => {
    const row = columns.map(() => 0);
    for (const answer of answers) {
      const i = index.get(answer);
      if (i === undefined) throw new RangeError(`answer "${answer}" is not one of the categories`);
      row[i] = (row[i] ?? 0) + 1;
    }
    return row;
  });
}

// Mean observed pairwise agreement P̄ and chance agreement P̄e; assumes a valid table.
function agreementParts(table: readonly (readonly number[])[]): { observed: number; chance: number } {
  const raters = sum(table[0] ?? []);
  const columnTotals = new Array<number>(table[0]?.length ?? 0).fill(0);
  let observed = 0;
  for (const row of table) {
    let pairsAgreeing = 0;
    row.forEach((count, j) => {
      pairsAgreeing += count * (count - 1);
      columnTotals[j] = (columnTotals[j] ?? 0) + count;
    });
    observed += pairsAgreeing / (raters * (raters - 1));
  }
  const total = table.length * raters;
  const chance = columnTotals.reduce((acc, t) => acc + (t / total) ** 2, 0);
  return { observed: observed / table.length, chance };
}

// Why undefined: the reason for a table kappa cannot be computed on, or null when it is fine.
function tableProblem(table: readonly (readonly number[])[]): string | null {
  if (table.length === 0) return 'no examples judged';
  const width = table[0]?.length ?? 0;
  for (const row of table) {
    if (row.length !== width) throw new RangeError('every row of the table needs one count per category');
    if (row.some((c) => !Number.isInteger(c) || c < 0)) throw new RangeError('counts must be integers >= 0');
  }
  const raters = sum(table[0] ?? []);
  if (table.some((row) => sum(row) !== raters)) {
    return "examples have different numbers of judgments; Fleiss' kappa needs the same number for each";
  }
  if (raters < 2) return 'fewer than two judgments per example';
  return null;
}

export function sum(values: readonly number[]): number {
  return values.reduce((acc, v) => acc + v, 0);
}
