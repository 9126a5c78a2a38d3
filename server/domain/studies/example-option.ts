// The answer options an example offers, as the labeling page and the answer parser see them.

/**
 * Why: the raw `key` is what the dataset stores and the proposed label is compared against (" Yes", " (A)",
 * leading space included); `text` is what a worker reads ("Yes, I would do whatever it takes.").
 */
export type ExampleOption = { key: string; text: string };
