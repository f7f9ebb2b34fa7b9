import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import { resolveNetworks, resolveOrganizations } from '../discovery/resolve-networks.js';
import { checkEgress } from './check-egress.js';
import type { MerakiClient } from '../meraki/index.js';
import type { CheckpointStore } from '../state/checkpoint-store.js';
import { DAY_MS } from '../planning/windows.js';
import type { Sink } from '../sink/sink.js';

export interface CheckReport {
  ok: boolean;
  lines: string[];
}

export interface CheckDeps {
  config: Config;
  meraki: MerakiClient;
  sink: Sink;
  store: CheckpointStore;
  clock: Clock;
  signal?: AbortSignal;
}

/**
 * `meraki-usage check`: reaches Meraki and the sink with the configured credentials, then prints the plan
 * (organizations, networks, clients seen in the last day) and the requests an hourly run and a full backfill
 * would make against the per-organization rate budget. Never prints a secret.
 */
/** The per-IP rate this instance keeps to, and where it comes from (the shards' split of the IP budget). */
export function ipBudgetLine(config: Config): string {
  const { index, count } = config.collection.shard;
  const m = config.meraki;
  const split = m.ipBudgetPerSecond / count;
  const from = m.ratePerIpPerSecond === split ? `ipBudgetPerSecond ${m.ipBudgetPerSecond}/s / ${count} shard(s)` : 'meraki.ratePerIpPerSecond';
  return `per-IP rate: ${Number(m.ratePerIpPerSecond.toFixed(3))}/s (${from}); shard ${index}/${count}`;
}

export async function checkCollector(deps: CheckDeps): Promise<CheckReport> {
  const { config, meraki, signal } = deps;
  const lines: string[] = [];
  let ok = true;
  const fail = (what: string, err: unknown): void => {
    ok = false;
    lines.push(`FAIL ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };
  lines.push(`meraki: ${config.meraki.baseUrl} (rate ${config.meraki.ratePerOrgPerSecond}/s per organization)`);
  lines.push(ipBudgetLine(config));
  lines.push(`sink: ${deps.sink.description}`, `checkpoints: ${deps.store.description}`);
  // Proxy and CA of each edge, probed once without retries; an edge that fails here is not checked further.
  const egress = await checkEgress(config, signal);
  lines.push(...egress.lines);
  if (!egress.merakiOk || !egress.influxOk) ok = false;
  try {
    if (egress.influxOk) {
      await deps.sink.ping(signal);
      lines.push('ok   sink reachable');
    }
  } catch (err) {
    fail('sink', err);
  }
  let orgs: { orgId: string; orgName: string }[] = [];
  try {
    if (egress.merakiOk) {
      orgs = await resolveOrganizations(meraki, config.targets, config.collection.shard, signal);
      lines.push(`ok   meraki reachable: ${orgs.length} organization(s) in this shard`);
    }
  } catch (err) {
    fail('meraki', err);
  }
  const chunk = Math.min(config.collection.clientsPerRequest, config.collection.usagePerPage);
  for (const org of orgs) {
    try {
      const target = await resolveNetworks(meraki, org, config.targets, signal);
      let clients = 0;
      let incremental = 1;
      const since = new Date(deps.clock.now() - DAY_MS).toISOString();
      for (const network of target.networks) {
        let seen = 0;
        for await (const page of meraki.org(org.orgId).clients(network.id, { t0: since, perPage: 5000 }, signal)) seen += page.length;
        clients += seen;
        incremental += 1 + Math.ceil(seen / chunk);
      }
      const rate = config.meraki.ratePerOrgPerSecond;
      lines.push(
        `ok   org ${org.orgId} (${org.orgName}): ${target.networks.length} network(s), ${clients} client(s) seen in the last day; ` +
          `an incremental run needs ~${incremental} requests (~${Math.ceil(incremental / rate)} s at ${rate}/s); ` +
          `a 31-day backfill at least as many (more if more clients were seen over the month)`,
      );
    } catch (err) {
      fail(`org ${org.orgId}`, err);
    }
  }
  return { ok, lines };
}
