/**
 * When a judge "agrees with people as often as people agree with each other" on a dataset: the rule is stated
 * on the judges page in these words. On the examples answered by the judge and by two or more people, the 95%
 * bootstrap interval of κ(judge, people) − κ(people, people) reaches 0 or above, i.e. the data do not show the
 * judge agreeing less often than people do. A judge above the ceiling passes too. Fewer than
 * MIN_VERDICT_EXAMPLES such examples, or κ undefined (everyone gave one answer), leaves the dataset undecided: a
 * wide interval would pass any judge.
 */
import type { PairwiseAgreement } from './pairwise';

export const MIN_VERDICT_EXAMPLES = 10;

export type Verdict =
  | { kind: 'as-often'; reason: string }
  | { kind: 'less-often'; reason: string }
  | { kind: 'undecided'; reason: string };

export const VERDICT_RULE =
  'A judge agrees with people as often as people agree with each other on a dataset when, on the examples ' +
  `answered by the judge and by at least two people (${MIN_VERDICT_EXAMPLES} or more of them), the 95% ` +
  'interval of κ(judge, people) − κ(people, people), by a bootstrap over examples, reaches 0 or above. ' +
  'With fewer examples, or where κ is undefined because everyone gave one answer, the dataset is not counted.';

export function judgeVerdict(p: PairwiseAgreement): Verdict {
  if (p.examples < MIN_VERDICT_EXAMPLES)
    return {
      kind: 'undecided',
      reason: `${p.examples} example(s) answered by the judge and two people; the rule needs ${MIN_VERDICT_EXAMPLES}`,
    };
  const d = p.kappaDifference;
  if (d.value === null) return { kind: 'undecided', reason: d.reason };
  if (d.high === undefined) return { kind: 'undecided', reason: 'the difference has no interval' };
  return d.high >= 0
    ? { kind: 'as-often', reason: 'the interval of the κ difference reaches 0 or above' }
    : { kind: 'less-often', reason: 'the whole interval of the κ difference is below 0' };
}

/** "judge X agrees with people as often as people agree with each other on 14 of 16 datasets". */
export function verdictSentence(judge: string, verdicts: readonly Verdict[]): string {
  const decided = verdicts.filter((v) => v.kind !== 'undecided');
  const asOften = decided.filter((v) => v.kind === 'as-often').length;
  const undecided = verdicts.length - decided.length;
  const rest = undecided > 0 ? ` (${undecided} more not counted: too few examples or a single answer)` : '';
  if (decided.length === 0)
    return `${judge}: no dataset has enough examples answered by the judge and two people to tell${rest}.`;
  return (
    `${judge} agrees with people as often as people agree with each other on ${asOften} of ` +
    `${decided.length} dataset${decided.length === 1 ? '' : 's'}${rest}.`
  );
}
