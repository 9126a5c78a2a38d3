import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The published anthropic-evals datasets (CC BY 4.0) that the format, import and bad-input tests read. They live
 * in `shared/` beside the project and are not copied into it. A checkout elsewhere (e.g. a clean clone in /tmp)
 * finds them beside the repository it was cloned from; CORPUS_DIR names them explicitly. Without them the tests
 * fail, saying where they looked, rather than passing on nothing.
 */
const RELATIVE = path.join('shared', 'datasets', 'anthropic-evals');
const REPO = path.resolve(__dirname, '../..');

function originPath(): string | undefined {
  try {
    const url = execFileSync('git', ['config', '--get', 'remote.origin.url'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    const local = url.trim().replace(/^file:\/\//, '');
    return path.isAbsolute(local) ? local : undefined;
  } catch {
    return undefined;
  }
}

function findCorpus(): string {
  const origin = originPath();
  const candidates = [
    process.env.CORPUS_DIR,
    path.resolve(REPO, '..', RELATIVE),
    origin && path.resolve(origin, '..', RELATIVE),
  ].filter((c): c is string => !!c);
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'persona')));
  if (!found)
    throw new Error(
      `The anthropic-evals corpus was not found; looked in: ${candidates.join(', ')}. Set CORPUS_DIR.`,
    );
  return found;
}

export const CORPUS = findCorpus();
