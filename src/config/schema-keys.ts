import type { z } from 'zod';

/** Just enough of zod's schema internals (`schema.def`) to list the keys allowed at a path. */
interface Node {
  def: {
    type: string;
    shape?: Record<string, Node>;
    innerType?: Node;
    in?: Node;
    out?: Node;
    valueType?: Node;
    options?: Node[];
  };
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch']);

/** The object schemas a (wrapped, piped, union) schema may stand for. */
function objects(node: Node | undefined): Node[] {
  if (!node) return [];
  const { def } = node;
  if (def.type === 'object') return [node];
  if (WRAPPERS.has(def.type)) return objects(def.innerType);
  if (def.type === 'pipe') return def.in?.def.type === 'transform' ? objects(def.out) : objects(def.in);
  if (def.type === 'union') return (def.options ?? []).flatMap(objects);
  return [];
}

function children(node: Node, segment: string): Node[] {
  const out: Node[] = [];
  for (const o of objects(node)) {
    const child = o.def.shape?.[segment];
    if (child) out.push(child);
  }
  const { def } = node;
  if (def.type === 'record' && def.valueType) out.push(def.valueType);
  if (WRAPPERS.has(def.type) && def.innerType) out.push(...children(def.innerType, segment));
  return out;
}

/** Keys an object at `path` may have (for "did you mean ...?"). */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes: Node[] = [schema as unknown as Node];
  for (const segment of path) nodes = nodes.flatMap((n) => children(n, String(segment)));
  return [...new Set(nodes.flatMap(objects).flatMap((o) => Object.keys(o.def.shape ?? {})))];
}

/** The allowed key closest to `key` (case-insensitive match or edit distance <= 2), if any. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const d = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (d <= 2 && (!best || d < best.distance)) best = { key: candidate, distance: d };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
