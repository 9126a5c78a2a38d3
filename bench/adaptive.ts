import fs from 'node:fs';
import path from 'node:path';
import { ppiMean, seededRandom, wilsonBounds, type Random } from '../server/domain/stats';
import { fixedRule, stoppingPoint, type OverlapRule } from '../server/domain/studies/adaptive';
import { examplesForHalfWidth } from '../server/domain/studies/planner';

/**
 * Fewer paid judgments for the same certainty (issue 19), by seeded simulation over the real corpus: every persona
 * dataset's label_confidence values, workers at the paper's agreement levels. For each simulated study of a
 * dataset, n examples (the planner's n for a ±5-point interval at 95% label agreement) are drawn; each example's
 * label is right with probability equal to its label_confidence (a calibrated generator), and each judgment is
 * right with the example's worker accuracy: 0.985 on 90% of examples and 0.80 on the hard 10% (mean 0.9665, the
 * accuracy at which three workers agree pairwise as often as the paper's κ of 0.875 implies). Designs share the
 * same answer draws, so they differ only in how many of them they use.
 *
 * The estimand is the share of the dataset's examples whose majority verdict chooses the proposed label, in
 * expectation over workers (computed exactly from the corpus file, not simulated), and the interval is the report's
 * Wilson interval over examples. Coverage is measured over RUNS simulated studies.
 * Then, for the same studies, the PPI++ estimate that also uses label_confidence of the dataset's other examples,
 * against the human-only interval. Run: npm run bench:adaptive (CORPUS_DIR names the corpus).
 */
const CORPUS = process.env.CORPUS_DIR ?? path.resolve(__dirname, '../../shared/datasets/anthropic-evals');
const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const HALF_WIDTH = 0.05;
const EASY = { share: 0.9, accuracy: 0.985 };
const HARD_ACCURACY = 0.8;

function corpusConfidences(): { name: string; confidences: number[] }[] {
  const dir = path.join(CORPUS, 'persona');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.jsonl$/, ''),
      confidences: fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { label_confidence?: number }).label_confidence)
        .filter((c): c is number => typeof c === 'number'),
    }))
    .filter((d) => d.confidences.length > 0);
}

// P(majority of three is right) for accuracy q; the same for "two agree, at most three" (same verdict).
const majority3 = (q: number) => 3 * q * q - 2 * q * q * q;
// P(first to 3 of at most 5 is right) = P(majority of five is right).
const majority5 = (q: number) => {
  let p = 0;
  for (let r = 3; r <= 5; r++) p += binomial(5, r) * q ** r * (1 - q) ** (5 - r);
  return p;
};
function binomial(n: number, r: number): number {
  let c = 1;
  for (let i = 1; i <= r; i++) c = (c * (n - r + i)) / i;
  return c;
}
const expectedOver = (m: (q: number) => number) =>
  EASY.share * m(EASY.accuracy) + (1 - EASY.share) * m(HARD_ACCURACY);

type Design = { label: string; fixed: OverlapRule; adaptive: OverlapRule; verdictRight: number };
const DESIGNS: Design[] = [
  {
    label: 'k = 3',
    fixed: fixedRule(3),
    adaptive: { kMin: 2, kMax: 3, agree: 2 },
    verdictRight: expectedOver(majority3),
  },
  {
    label: 'k = 5',
    fixed: fixedRule(5),
    adaptive: { kMin: 3, kMax: 5, agree: 3 },
    verdictRight: expectedOver(majority5),
  },
];

function simulateExample(random: Random, confidence: number, kMax: number) {
  const labelRight = random() < confidence;
  const q = random() < EASY.share ? EASY.accuracy : HARD_ACCURACY;
  const answers = Array.from({ length: kMax }, () => (random() < q ? 'truth' : 'other'));
  return { labelRight, answers };
}

function verdictAgrees(answers: readonly string[], labelRight: boolean): boolean {
  const truth = answers.filter((a) => a === 'truth').length;
  return 2 * truth > answers.length === labelRight;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function main() {
  const datasets = corpusConfidences();
  console.log(
    `corpus: ${datasets.length} persona datasets, ${datasets.reduce((a, d) => a + d.confidences.length, 0)} examples with label_confidence`,
  );
  // Plan for the agreement these datasets will show: the corpus-wide expected verdict rate under k = 3.
  const verdict = DESIGNS[0]!.verdictRight;
  const expected = mean(
    datasets.map((d) => mean(d.confidences.map((c) => c * verdict + (1 - c) * (1 - verdict)))),
  );
  const n = examplesForHalfWidth(expected, HALF_WIDTH);
  console.log(
    `planner: ${n} examples per dataset for ±${100 * HALF_WIDTH} points at the expected ${(100 * expected).toFixed(1)}% label agreement; ${RUNS} simulated studies per design\n`,
  );
  const random = seededRandom(2026);
  const rows: string[] = [];
  for (const design of DESIGNS) {
    const tally = {
      fixedJudgments: 0,
      adaptiveJudgments: 0,
      fixedCovered: 0,
      adaptiveCovered: 0,
      fixedWidth: 0,
      adaptiveWidth: 0,
    };
    const ppi = { covered: 0, width: 0, humanCovered: 0, humanWidth: 0, runs: 0, ess: 0 };
    for (let r = 0; r < RUNS; r++) {
      const d = datasets[r % datasets.length]!;
      const order = d.confidences.map((c) => ({ c, key: random() })).sort((a, b) => a.key - b.key);
      const sample = order.slice(0, n).map((x) => x.c);
      const rest = order.slice(n).map((x) => x.c);
      const truth =
        d.confidences.reduce(
          (acc, c) => acc + c * design.verdictRight + (1 - c) * (1 - design.verdictRight),
          0,
        ) / d.confidences.length;
      let fixedAgree = 0;
      let adaptiveAgree = 0;
      const labelled: { y: number; f: number }[] = [];
      for (const c of sample) {
        const { labelRight, answers } = simulateExample(random, c, design.fixed.kMax);
        const stop = stoppingPoint(answers, design.adaptive);
        tally.fixedJudgments += design.fixed.kMax;
        tally.adaptiveJudgments += stop;
        const fixedVerdict = verdictAgrees(answers, labelRight);
        const adaptiveVerdict = verdictAgrees(answers.slice(0, stop), labelRight);
        if (fixedVerdict) fixedAgree++;
        if (adaptiveVerdict) adaptiveAgree++;
        labelled.push({ y: adaptiveVerdict ? 1 : 0, f: c });
      }
      const score = (agree: number, which: 'fixed' | 'adaptive') => {
        const [low, high] = wilsonBounds(agree / sample.length, sample.length);
        if (low <= truth && truth <= high) tally[`${which}Covered`]++;
        tally[`${which}Width`] += (high - low) / 2;
      };
      score(fixedAgree, 'fixed');
      score(adaptiveAgree, 'adaptive');
      if (rest.length >= 2) {
        const result = ppiMean(labelled, rest);
        const e = result.estimate;
        const h = result.classical;
        if (
          e.value !== null &&
          e.low !== undefined &&
          e.high !== undefined &&
          h.value !== null &&
          h.low !== undefined &&
          h.high !== undefined
        ) {
          ppi.runs++;
          if (e.low <= truth && truth <= e.high) ppi.covered++;
          if (h.low <= truth && truth <= h.high) ppi.humanCovered++;
          ppi.width += (e.high - e.low) / 2;
          ppi.humanWidth += (h.high - h.low) / 2;
          ppi.ess += result.effectiveSampleSize ?? n;
        }
      }
    }
    const perExample = (j: number) => (j / (RUNS * n)).toFixed(3);
    const saving = 1 - tally.adaptiveJudgments / tally.fixedJudgments;
    console.log(
      `${design.label}: fixed ${perExample(tally.fixedJudgments)} judgments/example, adaptive ${perExample(tally.adaptiveJudgments)} (${JSON.stringify(design.adaptive)})`,
    );
    console.log(
      `  judgments: fixed ${tally.fixedJudgments}, adaptive ${tally.adaptiveJudgments} → ${(100 * saving).toFixed(1)}% fewer`,
    );
    console.log(
      `  coverage of the 95% interval: fixed ${((100 * tally.fixedCovered) / RUNS).toFixed(1)}%, adaptive ${((100 * tally.adaptiveCovered) / RUNS).toFixed(1)}%; mean half-width fixed ±${((100 * tally.fixedWidth) / RUNS).toFixed(2)}, adaptive ±${((100 * tally.adaptiveWidth) / RUNS).toFixed(2)} points`,
    );
    console.log(
      `  PPI++ with label_confidence (${ppi.runs} studies): coverage ${((100 * ppi.covered) / ppi.runs).toFixed(1)}%, half-width ±${((100 * ppi.width) / ppi.runs).toFixed(2)} points, against human-only (normal) ${((100 * ppi.humanCovered) / ppi.runs).toFixed(1)}%, ±${((100 * ppi.humanWidth) / ppi.runs).toFixed(2)}; effective sample size ${(ppi.ess / ppi.runs).toFixed(0)} for ${n} validated\n`,
    );
    rows.push(
      `| ${design.label} | ${JSON.stringify(design.adaptive)} | ${perExample(tally.fixedJudgments)} | ${perExample(tally.adaptiveJudgments)} | ${(100 * saving).toFixed(1)}% | ${((100 * tally.fixedCovered) / RUNS).toFixed(1)}% | ${((100 * tally.adaptiveCovered) / RUNS).toFixed(1)}% |`,
    );
    if (saving < 0.3) process.exitCode = 1;
  }
  console.log(
    '| design | adaptive rule | fixed judgments/example | adaptive | fewer | fixed coverage | adaptive coverage |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main();
