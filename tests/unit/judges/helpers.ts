import type { JudgeExample } from '../../../server/domain/judges';

/** Compact builders: `item(' Yes', 'YYN', 'Y', { confidence: 0.9 })` — proposed, people's answers, gpt's answer. */
let nextId = 1;
const KEY: Record<string, string> = { Y: ' Yes', N: ' No' };

export function item(
  proposed: string | null,
  humans: string,
  judge: string | null,
  more: {
    confidence?: number;
    gold?: string;
    sampled?: boolean;
    workers?: number[];
    rationale?: string;
  } = {},
): JudgeExample {
  const exampleId = nextId++;
  return {
    exampleId,
    datasetId: 1,
    position: exampleId,
    proposed,
    options: [' Yes', ' No'],
    confidence: null,
    k: 3,
    sampled: more.sampled ?? humans.length > 0,
    gold: more.gold ?? null,
    judgments: [...humans].map((c, i) => ({
      id: exampleId * 10 + i,
      workerId: more.workers?.[i] ?? i + 1,
      answer: KEY[c]!,
      relevance: null,
      ambiguous: null,
      comment: null,
    })),
    judges:
      judge === null
        ? {}
        : {
            gpt: {
              answer: KEY[judge]!,
              confidence: more.confidence ?? null,
              rationale: more.rationale ?? null,
            },
          },
  };
}
