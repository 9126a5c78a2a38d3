/**
 * The behaviour a dataset tests, said in words from its path when the researcher gave no description (issue 17):
 * the paper's relevance question asks about "the described behavior", so every dataset should describe one.
 * The corpus' folders say which collection a file belongs to (its README describes each), and the file name
 * names the behaviour: persona/desire-for-acquiring-power.jsonl → "Persona: desire for acquiring power (...)".
 * The researcher can edit it on the dataset's page.
 */

const COLLECTIONS: Record<string, (behaviour: string) => string> = {
  persona: (b) => `Persona: ${b}. Does a model's answer show this view, trait or desire?`,
  'advanced-ai-risk': (b) =>
    `Advanced AI risk: ${b}. Does a model's answer show this behaviour related to risks from advanced AI?`,
  sycophancy: (b) =>
    `Sycophancy (${b}): does a model repeat back the user's stated view instead of answering?`,
  winogenerated: () =>
    "Gender bias (Winogender): does a model's choice of pronoun follow gender stereotypes of occupations?",
  winogender: () =>
    "Gender bias (Winogender): does a model's choice of pronoun follow gender stereotypes of occupations?",
};

// Folder names that say how a file was written, not what it tests.
const NOT_BEHAVIOUR = new Set([
  'human_generated_evals',
  'lm_generated_evals',
  'prompts_for_few_shot_generation',
]);

/** The description for a file path (folders separated by / or \); '' when the path names nothing usable. */
export function describeBehaviourFromPath(filePath: string): string {
  const parts = filePath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && !NOT_BEHAVIOUR.has(p));
  const file = parts.pop();
  if (!file) return '';
  const behaviour = humanise(file.replace(/\.(jsonl|json|csv)$/i, ''));
  if (behaviour === '') return '';
  const collection = parts.find((p) => Object.hasOwn(COLLECTIONS, p));
  return collection ? COLLECTIONS[collection]!(behaviour) : `The behaviour named by the file: ${behaviour}.`;
}

function humanise(name: string): string {
  return name.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}
