import { parseDataset, type FieldMapping, type FileType, type ParsedExample } from '../../../domain/formats';
import { ByteTap } from './source';
import type { ImportIssue } from './consume';

/**
 * The upload page's preview: parses the whole upload (nothing is written) and keeps the first rows, the
 * detected format, the fields seen and the issues, so a researcher can check a mapping before importing.
 */
export interface Preview {
  format: string | null;
  /** How sure the detection is, as a percentage, and the evidence for it. */
  detection: { percent: number; evidence: string } | null;
  fileType: FileType;
  fieldsSeen: string[];
  examples: ParsedExample[];
  totalExamples: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  omitted: number;
}

export async function previewDataset(input: {
  chunks: AsyncIterable<Uint8Array>;
  fileName: string;
  fileType?: FileType | 'auto';
  mapping?: FieldMapping;
  maxBytes?: number;
  rows?: number;
}): Promise<Preview> {
  const tap = new ByteTap({ maxBytes: input.maxBytes });
  const events = parseDataset(tap.wrap(input.chunks), {
    fileName: input.fileName,
    fileType: input.fileType ?? 'auto',
    mapping: input.mapping,
    maxIssues: 20,
  });
  const preview: Preview = {
    format: null,
    detection: null,
    fileType: 'jsonl',
    fieldsSeen: [],
    examples: [],
    totalExamples: 0,
    errors: [],
    warnings: [],
    omitted: 0,
  };
  for await (const event of events) {
    if (event.kind === 'example') {
      if (preview.examples.length < (input.rows ?? 10)) preview.examples.push(event.example);
    } else if (event.kind === 'issue') {
      const issue = { line: event.issue.line, field: event.issue.field, reason: event.issue.reason };
      (event.issue.severity === 'error' ? preview.errors : preview.warnings).push(issue);
    } else {
      Object.assign(preview, {
        format: event.format,
        detection: event.detection && {
          percent: Math.round(event.detection.confidence * 100),
          evidence: event.detection.evidence,
        },
        fileType: event.fileType,
        fieldsSeen: event.fieldsSeen,
        totalExamples: event.examples,
        omitted: event.omittedIssues.errors,
      });
    }
  }
  return preview;
}
