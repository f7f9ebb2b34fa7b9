import type { CheckpointStore } from '../state/checkpoint-store.js';
import type { OrgOutcome } from './collect-org.js';
import { emptyState, type NetworkState } from '../planning/network-state.js';

/** One organization's result in a run. */
export interface OrgResult extends OrgOutcome {
  /** Runs in a row this organization failed, this one included (0 after a success). */
  consecutiveFailures: number;
}

/** An organization's last result as `status` shows it. */
export interface OrgStatus {
  orgId: string;
  lastRunAtMs: number | null;
  lastResult: 'ok' | 'failed' | null;
  lastError: string | null;
  consecutiveFailures: number;
}

/** The store key of an organization's record (never a network id: those have no `~` prefix). */
export function orgKey(orgId: string): string {
  return `org~${orgId}`;
}

export function isOrgRecord(s: NetworkState): boolean {
  return s.kind === 'org';
}

/** Saves the organization's result next to the checkpoints and returns its consecutive failures. */
export async function recordOrgResult(
  store: CheckpointStore,
  result: { orgId: string; ok: boolean; error?: string },
  nowMs: number,
): Promise<number> {
  const key = orgKey(result.orgId);
  const previous = result.ok ? null : await store.get(key).catch(() => null);
  const consecutiveFailures = result.ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1;
  const record: NetworkState = {
    ...emptyState(result.orgId, '', '(organization)'),
    kind: 'org',
    lastRunAtMs: nowMs,
    lastResult: result.ok ? 'ok' : 'failed',
    lastError: result.error ?? null,
    consecutiveFailures,
  };
  await store.put(key, record);
  return consecutiveFailures;
}

export function orgStatusOf(s: NetworkState): OrgStatus {
  return {
    orgId: s.orgId,
    lastRunAtMs: s.lastRunAtMs,
    lastResult: s.lastResult,
    lastError: s.lastError,
    consecutiveFailures: s.consecutiveFailures ?? 0,
  };
}
