/**
 * Dotted and indexed paths into a record, as mappings and format specs write them: `question.stem`,
 * `input.text`, `choices[0]`, `references[].output.text` (`[]` maps over a list, giving a list).
 */
export function readPath(record: unknown, path: string): unknown {
  let values: unknown[] = [record];
  let mapped = false;
  for (const segment of splitPath(path)) {
    if (segment === '[]') {
      mapped = true;
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
    } else if (/^\[\d+\]$/.test(segment)) {
      const index = Number(segment.slice(1, -1));
      values = values.map((v) => (Array.isArray(v) ? v[index] : undefined));
    } else {
      values = values.map((v) =>
        typeof v === 'object' && v !== null && !Array.isArray(v)
          ? (v as Record<string, unknown>)[segment]
          : undefined,
      );
    }
  }
  return mapped ? values.filter((v) => v !== undefined) : values[0];
}

/** The top-level field a path starts from (what "every other field is metadata" leaves out). */
export function rootOf(path: string): string {
  return splitPath(path)[0] ?? path;
}

function splitPath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('.')) {
    const name = /^[^[]*/.exec(part)?.[0] ?? '';
    if (name) out.push(name);
    for (const index of part.slice(name.length).match(/\[\d*\]/g) ?? []) out.push(index);
  }
  return out;
}
