/**
 * The judge against each person separately, on the examples both answered: agreement, Cohen's κ and Gwet's AC1.
 * Crowd workers often share few examples with the judge, so the list is sorted by how many, largest first.
 */
import { cohensKappa, gwetAgreementTwoRaters, wilsonInterval, type Stat } from '../stats';

export interface HumanAgreement {
  workerId: number;
  examples: number;
  agreement: Stat;
  kappa: Stat;
  ac1: Stat;
}

export function perHumanAgreement(
  items: readonly { judge: string; humans: readonly { workerId: number; answer: string }[] }[],
): HumanAgreement[] {
  const byWorker = new Map<number, { judge: string[]; human: string[] }>();
  for (const item of items) {
    for (const h of item.humans) {
      const lists = byWorker.get(h.workerId) ?? { judge: [], human: [] };
      lists.judge.push(item.judge);
      lists.human.push(h.answer);
      byWorker.set(h.workerId, lists);
    }
  }
  return [...byWorker.entries()]
    .map(([workerId, { judge, human }]) => ({
      workerId,
      examples: judge.length,
      agreement: wilsonInterval(judge.filter((j, i) => j === human[i]).length, judge.length),
      kappa: cohensKappa(judge, human),
      ac1: gwetAgreementTwoRaters(judge, human).coefficient,
    }))
    .sort((a, b) => b.examples - a.examples || a.workerId - b.workerId);
}
