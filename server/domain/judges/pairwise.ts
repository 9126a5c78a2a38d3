/**
 * The ceiling: does the judge agree with people as often as people agree with each other, on the same examples?
 * On every example the judge answered and at least two people answered, each (judge, person) pair is one
 * judge–human pair and each ordered pair of two different people one human–human pair. Cohen's κ and Gwet's
 * AC1 over each set of pairs, and the difference of the κs, get 95% percentile intervals from a bootstrap over
 * examples (an example's pairs stay together: they share a question, so they are not independent), seeded so the
 * same data always give the same interval.
 */
import { estimate, percentile, seededRandom, undefinedStat, type Stat } from '../stats';
import {
  ac1Of,
  addCounts,
  addPair,
  agreementRate,
  emptyCounts,
  kappaOf,
  type PairCounts,
} from './pair-counts';

export interface PairwiseAgreement {
  /** Examples with a judge answer and two or more human answers. */
  examples: number;
  judgeHuman: { pairs: number; agreement: Stat; kappa: Stat; ac1: Stat };
  humanHuman: { pairs: number; agreement: Stat; kappa: Stat; ac1: Stat };
  /** κ(judge, people) − κ(people, people): the verdict reads its interval. */
  kappaDifference: Stat;
}

export interface PairwiseInput {
  judge: string;
  humans: readonly string[];
}

const RESAMPLES = 400;

export function pairwiseAgreement(items: readonly PairwiseInput[], seed = 23): PairwiseAgreement {
  const used = items.filter((i) => i.humans.length >= 2);
  const categories = new Map<string, number>();
  const index = (a: string) => {
    let k = categories.get(a);
    if (k === undefined) categories.set(a, (k = categories.size));
    return k;
  };
  const coded = used.map((i) => ({ judge: index(i.judge), humans: i.humans.map(index) }));
  const q = categories.size;
  const perExample = coded.map(({ judge, humans }) => {
    const jh = emptyCounts(q);
    const hh = emptyCounts(q);
    humans.forEach((h, x) => {
      addPair(jh, judge, h);
      humans.forEach((other, y) => {
        if (x !== y) addPair(hh, h, other);
      });
    });
    return { jh, hh };
  });
  const total = sumOf(perExample, q);
  const boot = bootstrap(perExample, q, seed);
  const side = (c: PairCounts, key: 'jh' | 'hh') => ({
    pairs: c.n,
    agreement: withInterval(agreementRate(c), used.length, boot[key].agreement),
    kappa: withInterval(kappaOf(c), used.length, boot[key].kappa, 'one answer only, so κ is undefined'),
    ac1: withInterval(ac1Of(c), used.length, boot[key].ac1),
  });
  const jhK = kappaOf(total.jh);
  const hhK = kappaOf(total.hh);
  return {
    examples: used.length,
    judgeHuman: side(total.jh, 'jh'),
    humanHuman: side(total.hh, 'hh'),
    kappaDifference: withInterval(
      jhK === null || hhK === null ? null : jhK - hhK,
      used.length,
      boot.difference,
      'κ is undefined on one side',
    ),
  };
}

type Counts = { jh: PairCounts; hh: PairCounts };

function sumOf(perExample: readonly Counts[], q: number): Counts {
  const jh = emptyCounts(q);
  const hh = emptyCounts(q);
  for (const e of perExample) {
    addCounts(jh, e.jh);
    addCounts(hh, e.hh);
  }
  return { jh, hh };
}

type Draws = { agreement: number[]; kappa: number[]; ac1: number[] };

// Each example's counts flattened into one row of [n, agree, first…, second…] for the judge–human pairs, then
// the same for the human–human pairs, so a resample is a tight loop over a Float64Array.
function flatten(perExample: readonly Counts[], q: number): { rows: Float64Array; stride: number } {
  const half = 2 + 2 * q;
  const rows = new Float64Array(perExample.length * 2 * half);
  perExample.forEach((e, i) => {
    [e.jh, e.hh].forEach((c, side) => {
      const at = i * 2 * half + side * half;
      rows[at] = c.n;
      rows[at + 1] = c.agree;
      c.first.forEach((v, k) => (rows[at + 2 + k] = v));
      c.second.forEach((v, k) => (rows[at + 2 + q + k] = v));
    });
  });
  return { rows, stride: 2 * half };
}

function countsAt(sums: Float64Array, offset: number, q: number): PairCounts {
  const first = new Array<number>(q);
  const second = new Array<number>(q);
  for (let k = 0; k < q; k++) {
    first[k] = sums[offset + 2 + k]!;
    second[k] = sums[offset + 2 + q + k]!;
  }
  return { n: sums[offset]!, agree: sums[offset + 1]!, first, second };
}

function bootstrap(perExample: readonly Counts[], q: number, seed: number) {
  const draws = () => ({ agreement: [], kappa: [], ac1: [] }) as Draws;
  const out = { jh: draws(), hh: draws(), difference: [] as number[] };
  const n = perExample.length;
  if (n < 2) return out;
  const random = seededRandom(seed + n);
  const { rows, stride } = flatten(perExample, q);
  const sums = new Float64Array(stride);
  for (let r = 0; r < RESAMPLES; r++) {
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      // randomIndex inlined: a call through the stats barrel per draw costs more than the draw itself.
      const at = Math.min(n - 1, Math.floor(random() * n)) * stride;
      for (let k = 0; k < stride; k++) sums[k]! += rows[at + k]!;
    }
    const s = { jh: countsAt(sums, 0, q), hh: countsAt(sums, stride / 2, q) };
    for (const key of ['jh', 'hh'] as const) {
      push(out[key].agreement, agreementRate(s[key]));
      push(out[key].kappa, kappaOf(s[key]));
      push(out[key].ac1, ac1Of(s[key]));
    }
    const [a, b] = [kappaOf(s.jh), kappaOf(s.hh)];
    if (a !== null && b !== null) out.difference.push(a - b);
  }
  return out;
}

function push(list: number[], value: number | null) {
  if (value !== null) list.push(value);
}

// The point estimate with the bootstrap's 2.5% and 97.5% percentiles; no interval when most resamples failed.
function withInterval(value: number | null, n: number, draws: number[], reason = 'no examples'): Stat {
  if (value === null)
    return undefinedStat(n === 0 ? 'no examples judged by the judge and two people' : reason, n);
  if (draws.length < RESAMPLES / 2) return estimate(value, n);
  const sorted = [...draws].sort((a, b) => a - b);
  return estimate(value, n, percentile(sorted, 0.025), percentile(sorted, 0.975));
}
