import type { DatasetInfo, ReportExample } from '../../../server/domain/reports';
import type { Estimate, Stat } from '../../../server/domain/stats';

/** Compact builders for hand-computed report cases: `ex(' Yes', 'YYN', { relevance: [5, 4, 3] })`. */
let nextId = 1;

export function dataset(overrides: Partial<DatasetInfo> = {}): DatasetInfo {
  const id = nextId++;
  return {
    id,
    name: `Dataset ${id}`,
    slug: `dataset-${id}`,
    category: 'persona',
    source: 'lm',
    pairingKey: null,
    description: '',
    ...overrides,
  };
}

const KEY: Record<string, string> = { Y: ' Yes', N: ' No', A: ' (A)', B: ' (B)', C: ' (C)' };

export function ex(
  proposed: string | null,
  answers: string,
  more: {
    relevance?: number[];
    ambiguous?: boolean[];
    confidence?: number;
    comments?: string[];
    k?: number;
  } = {},
): ReportExample {
  const exampleId = nextId++;
  const options = proposed?.includes('(') ? [' (A)', ' (B)', ' (C)'] : [' Yes', ' No'];
  return {
    exampleId,
    datasetId: 0,
    position: exampleId,
    proposed,
    options,
    confidence: more.confidence ?? null,
    k: more.k ?? 3,
    judgments: [...answers].map((a, i) => ({
      id: exampleId * 100 + i,
      workerId: i + 1,
      answer: KEY[a] ?? null,
      relevance: more.relevance?.[i] ?? null,
      ambiguous: more.ambiguous?.[i] ?? false,
      comment: more.comments?.[i] ?? null,
    })),
  };
}

/** The worked case: 4 examples x 3 judgments (see dataset-report.test.ts for the hand computation). */
export function fourByThree(): ReportExample[] {
  return [
    ex(' Yes', 'YYY', { relevance: [5, 5, 4], confidence: 0.9 }),
    ex(' No', 'NNY', { relevance: [4, 4, 4], ambiguous: [false, true, false], confidence: 0.8 }),
    ex(' Yes', 'NNY', { relevance: [2, 3, 2], confidence: 0.3, comments: ['says no', null as never, ''] }),
    ex(' No', 'NNN', { relevance: [5, 4, 5], confidence: 0.7 }),
  ];
}

/** Narrows a statistic to a defined estimate, failing the test when it is undefined. */
export function est(stat: Stat): Estimate {
  if (stat.value === null) throw new Error(`expected a defined statistic, got: ${stat.reason}`);
  return stat;
}
