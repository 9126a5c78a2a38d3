/**
 * The inputs of the judges report: every example of a study's datasets with its human judgments (none when the
 * study did not sample it), the answer each model judge gave it, and its gold answer when it is a gold item.
 * Data access builds these; everything in this folder is pure.
 */
import type { ReportExample } from '../reports';

export interface JudgeAnswer {
  /** One of the example's option keys (matched at import). */
  answer: string;
  /** The judge's confidence in its own answer, 0..1. */
  confidence: number | null;
  rationale: string | null;
}

export interface JudgeExample extends ReportExample {
  /** Whether the study sampled the example for people; unsampled examples only have judge answers. */
  sampled: boolean;
  /** The expected answer when the example is a gold item of the study. */
  gold: string | null;
  /** Judge answers by judge key (see JudgeInfo.key). */
  judges: Record<string, JudgeAnswer>;
}

export interface JudgeInfo {
  /** Unique within a report: "generator", or the judge's name and version ("gpt-judge@2"). */
  key: string;
  name: string;
  /** Null for the generator, whose labels come with the dataset. */
  version: number | null;
  answers: number;
}
