/**
 * The coincidence matrix behind Krippendorff's alpha: every ordered pair of values from
 * different coders within a unit, weighted 1 / (m_u − 1) where m_u is the number of values
 * in the unit. Units with fewer than two values are not pairable and contribute nothing.
 */
export type Value = string | number;
export type Coincidences = { cells: number[][]; marginals: number[]; pairable: number };

// Coincidences o_ck (and the count of pairable values n) over the given value list (values outside it must not occur).
export function coincidences(
  units: readonly (readonly (Value | null)[])[],
  values: readonly Value[],
): Coincidences {
  const index = new Map(values.map((v, i) => [v, i]));
  const cells = values.map(() => values.map(() => 0));
  let pairable = 0;
  for (const unit of units) {
    const present = unit.filter((v): v is Value => v !== null).map((v) => index.get(v) as number);
    const m = present.length;
    if (m < 2) continue;
    pairable += m;
    present.forEach((c, i) =>
      present.forEach((k, j) => {
        if (i === j) return;
        const row = cells[c] as number[];
        row[k] = (row[k] as number) + 1 / (m - 1);
      }),
    );
  }
  const marginals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  return { cells, marginals, pairable };
}
