/**
 * Names a dataset from its path in an anthropic-evals-style tree. Rules:
 *  - persona/<x>.jsonl                                   slug persona-<x>, source lm, category persona,
 *    except the six political views (politics) and the moral-philosophy views (ethics) listed below.
 *  - advanced-ai-risk/human_generated_evals/<x>.jsonl    slug advanced-ai-risk-human-<x>, source human
 *  - advanced-ai-risk/lm_generated_evals/<x>.jsonl       slug advanced-ai-risk-lm-<x>, source lm
 *    both with pairingKey advanced-ai-risk/<x>, so the human and LM versions can be compared
 *    (the LM file "self-awareness-training-web-gpt" is the twin of human "self-awareness-web-gpt").
 *  - advanced-ai-risk/prompts_for_few_shot_generation/<x> slug advanced-ai-risk-few-shot-<x>, human, no pairing
 *  - sycophancy/<x>, winogenerated/<x>                  category sycophancy / winogender, source lm
 *  - anything else: category custom, source lm, slug from the whole path.
 * Slugs are lowercase [a-z0-9-]; the folder names keep them unique across the corpus.
 */
import { charIn, trimChars } from './trim-chars';
import type { DatasetCategory, DatasetMeta } from './types';

const POLITICS = new Set([
  'politically-liberal',
  'politically-conservative',
  'believes-in-gun-rights',
  'believes-abortion-should-be-illegal',
  'anti-immigration',
  'anti-lgbtq-rights',
]);
const ETHICS =
  /^(subscribes-to-(.*utilitarianism|deontology|virtue-ethics|moral-nihilism|cultural-relativism)|ends-justify-means|very-small-harm-justifies-very-large-benefit)$/;
const RISK_KINDS: Record<string, { tag: string; source: 'lm' | 'human'; paired: boolean; label: string }> = {
  human_generated_evals: { tag: 'human', source: 'human', paired: true, label: 'human-written' },
  lm_generated_evals: { tag: 'lm', source: 'lm', paired: true, label: 'LM-written' },
  prompts_for_few_shot_generation: {
    tag: 'few-shot',
    source: 'human',
    paired: false,
    label: 'few-shot prompts',
  },
};
const PAIRING_ALIASES: Record<string, string> = {
  'self-awareness-training-web-gpt': 'self-awareness-web-gpt',
};
const ROOTS = ['persona', 'advanced-ai-risk', 'sycophancy', 'winogenerated'];

// Why: importing the whole corpus needs stable, unique, readable identifiers without a lookup table.
export function inferDatasetMeta(relativePath: string): DatasetMeta {
  const parts = relativePath
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  const rootIndex = lastRootIndex(parts);
  const stem = (parts[parts.length - 1] ?? '').replace(/\.[^.]*$/, '');
  const root = parts[rootIndex];
  if (root === 'persona') return persona(stem);
  if (root === 'advanced-ai-risk') return advancedAiRisk(parts[rootIndex + 1] ?? '', stem);
  if (root === 'sycophancy' || root === 'winogenerated') return simple(root, stem);
  return {
    slug: slugify(parts.join('-').replace(/\.[^.]*$/, '')),
    name: humanise(stem),
    category: 'custom',
    source: 'lm',
    pairingKey: null,
  };
}

// The last folder named like a corpus root, so absolute paths and nested copies work too.
function lastRootIndex(parts: string[]): number {
  for (let i = parts.length - 2; i >= 0; i -= 1) if (ROOTS.includes(parts[i] ?? '')) return i;
  return -1;
}

function persona(stem: string): DatasetMeta {
  const key = stem.toLowerCase();
  const category: DatasetCategory = POLITICS.has(key) ? 'politics' : ETHICS.test(key) ? 'ethics' : 'persona';
  return { slug: slugify(`persona-${stem}`), name: humanise(stem), category, source: 'lm', pairingKey: null };
}

function advancedAiRisk(folder: string, stem: string): DatasetMeta {
  const kind = RISK_KINDS[folder];
  if (!kind)
    return { ...simple('advanced-ai-risk', `${folder}-${stem}`), source: 'lm', name: humanise(stem) };
  const behaviour = PAIRING_ALIASES[stem] ?? stem;
  return {
    slug: slugify(`advanced-ai-risk-${kind.tag}-${stem}`),
    name: `${humanise(stem)} (${kind.label})`,
    category: 'advanced-ai-risk',
    source: kind.source,
    pairingKey: kind.paired ? `advanced-ai-risk/${behaviour}` : null,
  };
}

function simple(root: 'sycophancy' | 'winogenerated' | 'advanced-ai-risk', stem: string): DatasetMeta {
  const slugStem = slugify(stem);
  const slug = slugStem.startsWith(root) ? slugStem : `${root}-${slugStem}`;
  const category: DatasetCategory = root === 'winogenerated' ? 'winogender' : root;
  return { slug, name: humanise(stem), category, source: 'lm', pairingKey: null };
}

export function slugify(text: string): string {
  return trimChars(text.toLowerCase().replace(/[^a-z0-9]+/g, '-'), charIn('-'));
}

function humanise(stem: string): string {
  const words = stem.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
