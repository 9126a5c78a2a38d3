/**
 * Shapes shared by the dataset parsers. A dataset arrives as chunks of bytes and leaves as a
 * stream of examples and issues, closed by a summary; nothing here touches disk or a database.
 */

export type FormatName =
  | 'persona'
  | 'advanced-ai-risk'
  | 'few-shot-prompts'
  | 'sycophancy'
  | 'winogenerated'
  | 'winogenerated-occupations'
  | 'anthropic-prerelease'
  | 'anthropic-prerelease-winogender'
  | 'bbq'
  | 'helm'
  | 'big-bench'
  | 'nested-choices'
  | 'options-object'
  | 'openai-evals'
  | 'inspect'
  | 'hf-multiple-choice'
  | 'csv-choices'
  | 'mapped';

export type FileType = 'jsonl' | 'json' | 'csv';

export interface ChoiceOption {
  key: string; // the label as the answers spell it, e.g. " (A)" or " Yes"
  text: string; // what the option says, trimmed
  raw: string; // the option as written in the source (line from the Choices block, or the answer string)
  /** Set on every correct option when the record gives several correct answers (corrects[], "; "-joined). */
  correct?: true;
}

export interface ParsedExample {
  position: number; // JSONL: physical line number; CSV: data row (header excluded); JSON array: element index; 1-based
  line: number; // physical line where the record starts
  question: string; // exactly as written (no trimming)
  proposedLabel: string | null; // answer_matching_behavior exactly as written; null when the format has none
  otherAnswers: string[]; // answer_not_matching_behavior as a list, exact strings
  options: ChoiceOption[];
  labelConfidence: number | null;
  raw: Record<string, unknown>; // the parsed record verbatim
  rawText: string; // the source text of the record (the JSONL line, CSV row, or array element)
}

export interface ParseIssue {
  line: number;
  field: string | null;
  reason: string;
  severity: 'error' | 'warning';
}

/**
 * Which fields of the file are which, as dotted/indexed paths (`question.stem`, `choices[].text`). With only
 * question, proposedLabel, otherAnswers and labelConfidence, answers are read as anthropic-evals reads them
 * (" Yes"/" (A)" strings); any of the others maps the file onto the example model (model/spec.ts): options as a
 * list, an object, or columns (`ans*`), answers as index, letter or text, several joined by `separator`.
 */
export interface FieldMapping {
  question: string;
  proposedLabel?: string;
  otherAnswers?: string;
  labelConfidence?: string;
  context?: string;
  options?: string;
  optionText?: string;
  answer?: string;
  separator?: string;
  references?: string;
  id?: string;
}

export type DetectedFormat =
  { format: FormatName; confidence: number; evidence: string } | { format: null; fieldsSeen: string[] };

export type NormaliseResult = { example: ParsedExample } | { issues: ParseIssue[] };

/** One record read from a file before it is interpreted, or a problem met while reading. */
export type RecordEvent =
  | { kind: 'record'; position: number; line: number; value: unknown; rawText: string }
  | { kind: 'issue'; issue: ParseIssue };

export interface ParseOptions {
  fileName?: string;
  fileType: FileType | 'auto';
  mapping?: FieldMapping;
  maxLineBytes?: number; // default 1 MiB
  maxIssues?: number; // per severity; default 50
  /** The input as resolveFileType left it, when the caller resolved it already (the import service does). */
  resolved?: ResolvedInput;
}

export interface ParseSummary {
  kind: 'end';
  format: FormatName | null;
  /** How sure the detection is (share of sampled records with the format's fields) and why; 1 for a mapping. */
  detection: { confidence: number; evidence: string } | null;
  fileType: FileType;
  fieldsSeen: string[];
  examples: number;
  errors: number; // all errors, including those not yielded
  warnings: number; // all warnings, including those not yielded
  omittedIssues: { errors: number; warnings: number }; // counted but not yielded (over maxIssues)
  duplicates: { position: number; firstPosition: number }[];
}

export type ParseEvent =
  { kind: 'example'; example: ParsedExample } | { kind: 'issue'; issue: ParseIssue } | ParseSummary;

export type DatasetCategory =
  | 'persona'
  | 'politics'
  | 'ethics'
  | 'social-bias'
  | 'advanced-ai-risk'
  | 'sycophancy'
  | 'winogender'
  | 'custom';

export interface DatasetMeta {
  slug: string;
  name: string;
  category: DatasetCategory;
  source: 'lm' | 'human';
  pairingKey: string | null;
}

/** How the bytes are to be read, once their compression, encoding and file type are known. */
export interface ResolvedInput {
  fileType: FileType;
  chunks: AsyncIterable<Uint8Array>;
  /** What was found on the way (a decompressed file, an array named .jsonl); an error here refuses the file. */
  issues: ParseIssue[];
}
