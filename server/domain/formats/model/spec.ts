/**
 * How one family of records maps onto the example model, as paths into the record (see paths.ts). Families
 * declare one (families.ts); a researcher's mapping is turned into one (mapping-spec.ts).
 */
export interface ModelSpec {
  id?: string;
  /** Text, or a list of {role, content} turns. */
  input: string;
  context?: string;
  /**
   * The options: a list of text, a list of objects (read through `optionText`), an object of letter -> text
   * ({"A": ..., "D": ...}, in its own order), or columns named by a prefix and a number (`ans*`: ans0, ans1...).
   */
  options?: string;
  optionText?: string;
  /** Each option's own label, relative to the option (`label`: "A" or "1"), which answers may name. */
  optionLabel?: string;
  /** A list beside the options holding their labels (HF ARC rows: `choices.label` beside `choices.text`). */
  optionLabels?: string;
  /** A CSV cell joining several options or answers ("a; b; c"). */
  separator?: string;
  /** The correct or proposed answers: index (0-based), letter ("B", "(B)"), option text, or a list of those. */
  answer?: string;
  /** Options tagged correct: the path of each option's tags (HELM `tags: ["correct"]`), relative to the option. */
  correctTags?: string;
  /** Options with scores (BIG-bench `target_scores`): an object option -> score; the highest score is correct. */
  scores?: string;
  /** Open-ended items: the reference answers (text or a list). */
  references?: string;
  confidence?: string;
}
