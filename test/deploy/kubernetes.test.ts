import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inShard } from '../../src/discovery/shard.js';

// deploy/kubernetes: the manifests parse, the StatefulSet gives pod k the shard k/N, and the pods keep no state.

const DIR = join(import.meta.dirname, '../../deploy/kubernetes');
type Doc = Record<string, unknown> & { kind: string; metadata: { name: string } };
interface Container {
  command: string[];
  args: string[];
  env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  securityContext: Record<string, unknown>;
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  volumeMounts?: unknown[];
}

const docs: Doc[] = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort().flatMap((file) =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((d) => {
    expect(d.errors, file).toEqual([]);
    return d.toJS() as Doc;
  }),
);
const byKind = (kind: string): Doc => {
  const found = docs.find((d) => d.kind === kind);
  if (!found) throw new Error(`no ${kind} in deploy/kubernetes`);
  return found;
};
const sts = byKind('StatefulSet') as Doc & {
  spec: { replicas: number; template: { spec: { securityContext: Record<string, unknown>; containers: Container[]; volumes?: unknown[] } } };
};
const container = sts.spec.template.spec.containers[0]!;
const env = (name: string) => container.env.find((e) => e.name === name);

/** The shard a pod of that name would get: the container's own start command, with `exec node` replaced by echo. */
function shardOfPod(podName: string): string {
  const script = container.args[0]!.replace(/exec node .*$/, 'echo "$COLLECTOR_SHARD"');
  return execFileSync(container.command[0]!, [...container.command.slice(1), script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', POD_NAME: podName, SHARD_COUNT: env('SHARD_COUNT')!.value! },
    encoding: 'utf8',
  }).trim();
}

describe('Kubernetes manifests', () => {
  it('parse, and the kustomization lists every manifest but the example Secret', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'Kustomization', 'Secret', 'Service', 'StatefulSet']);
    const k = byKind('Kustomization') as Doc & { resources: string[] };
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'secret.example.yaml');
    expect([...k.resources].sort()).toEqual(files.sort());
  });

  it('pod k of N gets COLLECTOR_SHARD=k/N, and the N shards cover every organization exactly once', () => {
    const n = sts.spec.replicas;
    expect(n).toBeGreaterThan(1);
    expect(env('SHARD_COUNT')?.value).toBe(String(n));
    expect(env('POD_NAME')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
    const shards = Array.from({ length: n }, (_, k) => shardOfPod(`${sts.metadata.name}-${k}`));
    expect(shards).toEqual(Array.from({ length: n }, (_, k) => `${k}/${n}`));
    const orgs = Array.from({ length: 200 }, (_, i) => String(549236 + i * 7919));
    for (const org of orgs) {
      const owners = shards.map((s) => s.split('/').map(Number)).filter(([index, count]) => inShard(org, { index: index!, count: count! }));
      expect(owners, org).toHaveLength(1);
    }
  });

  it('pods keep no state: checkpoints in InfluxDB, no persistent volumes', () => {
    const config = byKind('ConfigMap') as Doc & { data: Record<string, string> };
    expect(config.data.COLLECTOR_STATE_STORE).toBe('influx');
    expect(container.envFrom.map((e) => e.configMapRef?.name ?? e.secretRef?.name)).toEqual([config.metadata.name, byKind('Secret').metadata.name]);
    expect(sts.spec).not.toHaveProperty('volumeClaimTemplates');
    expect(JSON.stringify(sts.spec.template.spec.volumes ?? [])).not.toContain('persistentVolumeClaim');
  });

  it('secrets come from the Secret only; the example holds placeholders', () => {
    const secret = byKind('Secret') as Doc & { stringData: Record<string, string> };
    expect(Object.keys(secret.stringData).sort()).toEqual(['INFLUX_TOKEN', 'MERAKI_API_KEY']);
    expect(Object.values(secret.stringData).every((v) => v.startsWith('change-me-'))).toBe(true);
    const config = byKind('ConfigMap') as Doc & { data: Record<string, string> };
    expect(Object.keys(config.data).filter((k) => /KEY|TOKEN|PASSWORD/.test(k))).toEqual([]);
  });

  it('runs non-root with a read-only root filesystem; liveness on /livez, readiness on /readyz', () => {
    expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container.livenessProbe.httpGet.path).toBe('/livez');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    // Not ready (first backfill, InfluxDB down) must not hide the pod from a scrape through the service.
    expect((byKind('Service') as Doc & { spec: { publishNotReadyAddresses?: boolean } }).spec.publishNotReadyAddresses).toBe(true);
    expect(env('COLLECTOR_HTTP_HOST')?.value).toBe('0.0.0.0');
  });
});
