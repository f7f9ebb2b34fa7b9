/** Stable assignment of organizations to instances: FNV-1a of the organization id, modulo the shard count. */
export function shardOf(orgId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < orgId.length; i++) {
    hash ^= orgId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

export function inShard(orgId: string, shard: { index: number; count: number }): boolean {
  return shard.count <= 1 || shardOf(orgId, shard.count) === shard.index;
}
