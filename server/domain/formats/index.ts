/** Public face of the dataset-format module: parse files, recognise formats, name datasets. */
export { parseChoices } from './choices';
export { inferDatasetMeta, slugify } from './dataset-meta';
export { detectFormat } from './detect-format';
export { resolveFileType } from './file-type';
export { normaliseRecord } from './normalise-record';
export { DEFAULT_MAX_LINE_BYTES, parseDataset } from './parse-dataset';
export { readLines, type LineEvent, type ReadLinesOptions } from './read-lines';
export { charIn, trimCharsEnd } from './trim-chars';
export type * from './types';
export { exampleModelOf } from './model/model-of';
export type { ExampleModel, Turn } from './model/example-model';
