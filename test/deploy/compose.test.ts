import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

// docker-compose.yml checked by Debian's docker-compose (1.29, no engine needed for `config`), and the rules we
// keep for the stack: official images only, healthchecks, non-root, every ${VAR} with a default or documented.

const ROOT = join(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const OFFICIAL = /^(influxdb|node|grafana\/grafana)(:[\w.${}:-]+)?$/;
/** A clean environment: no .env from a developer's machine, no exported settings. */
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };

interface Service {
  image?: string;
  build?: unknown;
  user?: string;
  profiles?: string[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  command?: string[];
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
}

async function compose(args: string[], env: Record<string, string> = {}): Promise<string> {
  const file = ['--project-directory', ROOT, '-f', join(ROOT, 'docker-compose.yml')];
  const { stdout } = await promisify(execFile)('docker-compose', [...file, ...args], { cwd: ROOT, env: { ...ENV, ...env }, encoding: 'utf8' });
  return stdout;
}
const services = (text: string): Record<string, Service> => (parse(text) as { services: Record<string, Service> }).services;

// docker-compose 1.29 starts slowly (a Python program): every invocation runs once, in parallel, up front.
// Its `config` prints every service whatever the profile; the profiles are checked from the `profiles` keys.
let version: string;
let all: Record<string, Service>;
let overridden: Record<string, Service>;
beforeAll(async () => {
  const [v, plain, , withEnv] = await Promise.all([
    compose(['version', '--short']),
    compose(['config']),
    compose(['--profile', 'demo', '--profile', 'collector', 'config', '-q']),
    compose(['--profile', 'collector', 'config'], { MERAKI_API_KEY: 'from-env-123', INFLUX_TOKEN: 'tok-456' }),
  ]);
  version = v.trim();
  all = services(plain);
  overridden = services(withEnv);
}, 60_000);

describe('docker-compose.yml', () => {
  it('is valid for Debian\'s docker-compose (profiles need 1.28+)', () => {
    expect(version).toMatch(/^1\.(29|[3-9]\d)\./);
    expect(Object.keys(all).length).toBeGreaterThan(0);
  });

  it('runs InfluxDB and Grafana by default, the real collector with --profile collector, the demo with --profile demo', () => {
    const byProfile = (p: string | undefined) => Object.entries(all).filter(([, s]) => s.profiles?.[0] === p).map(([n]) => n).sort();
    expect(byProfile(undefined)).toEqual(['grafana', 'influxdb']);
    expect(byProfile('collector')).toEqual(['collector']);
    expect(byProfile('demo')).toEqual(['collector-demo', 'simulator']);
    expect(Object.values(all).every((s) => (s.profiles?.length ?? 0) <= 1)).toBe(true);
  });

  it('uses only official images; the collector and simulator are built from our Dockerfile', () => {
    for (const [name, s] of Object.entries(all)) {
      if (s.build) expect(s.image, name).toMatch(/^meraki-usage-collector:/);
      else expect(s.image, name).toMatch(OFFICIAL);
    }
    expect(all.influxdb?.image).toBe('influxdb:2.7');
    for (const from of read('Dockerfile').matchAll(/^ARG NODE\w*=(\S+)$/gm)) expect(from[1]).toMatch(OFFICIAL);
  });

  it('initialises InfluxDB from the environment and maps the bucket for InfluxQL (DBRP)', () => {
    expect(Object.keys(all.influxdb?.environment ?? {})).toEqual(expect.arrayContaining([
      'DOCKER_INFLUXDB_INIT_ADMIN_TOKEN', 'DOCKER_INFLUXDB_INIT_BUCKET', 'DOCKER_INFLUXDB_INIT_MODE', 'DOCKER_INFLUXDB_INIT_ORG',
      'DOCKER_INFLUXDB_INIT_PASSWORD', 'DOCKER_INFLUXDB_INIT_RETENTION', 'DOCKER_INFLUXDB_INIT_USERNAME',
    ]));
    const init = read('deploy/compose/influxdb-initdb.d/10-dbrp.sh');
    expect(init).toMatch(/influx v1 dbrp create[\s\S]*--bucket-id "\$\{DOCKER_INFLUXDB_INIT_BUCKET_ID:\?\}"[\s\S]*--db "\$db"[\s\S]*--default/);
    execFileSync('bash', ['-n', join(ROOT, 'deploy/compose/influxdb-initdb.d/10-dbrp.sh')]);
    expect(read('docker-compose.yml')).toContain('./deploy/compose/influxdb-initdb.d:/docker-entrypoint-initdb.d:ro');
  });

  it('every collector-image service is non-root and has a healthcheck; the collectors wait for a healthy InfluxDB', () => {
    for (const name of ['collector', 'collector-demo', 'simulator', 'influxdb']) {
      expect(all[name]?.healthcheck?.test.join(' '), name).toMatch(/node -e|influx ping/);
    }
    for (const name of ['collector', 'collector-demo', 'simulator']) expect(all[name]?.user, name).toBe('node');
    for (const name of ['collector', 'collector-demo']) expect(all[name]?.depends_on?.influxdb?.condition).toBe('service_healthy');
    // A container healthcheck is a liveness check: /livez (a long first backfill or an InfluxDB outage is alive).
    for (const name of ['collector', 'collector-demo']) expect(all[name]?.healthcheck?.test.join(' '), name).toContain('/livez');
  });

  it('the demo collector reaches the simulator with a dummy key and no Meraki key from the environment', () => {
    expect(all.simulator?.command).toEqual(['simulate', '--port', '8787']);
    expect(all['collector-demo']?.network_mode).toBe('service:simulator');
    expect(all['collector-demo']?.environment).toMatchObject({ MERAKI_BASE_URL: 'http://127.0.0.1:8787/api/v1', INFLUX_URL: 'http://influxdb:8086' });
    expect(all['collector-demo']?.environment?.MERAKI_API_KEY).toMatch(/^demo-/);
  });

  it('secrets come from the environment; their defaults are obvious placeholders', () => {
    for (const m of read('docker-compose.yml').matchAll(/\$\{(\w*(?:TOKEN|PASSWORD|KEY)\w*):-([^}]*)\}/g)) {
      expect(m[2] === '' || /^change-me-/.test(m[2]!), `${m[1]} default "${m[2]}"`).toBe(true);
    }
    expect(all.collector?.environment?.MERAKI_API_KEY).toBe('');
    // An exported (or .env) value wins over the placeholder.
    expect(overridden.collector?.environment).toMatchObject({ MERAKI_API_KEY: 'from-env-123', INFLUX_TOKEN: 'tok-456' });
    expect(overridden.influxdb?.environment?.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN).toBe('tok-456');
  });

  it('every ${VAR} has a default and is documented in docs/deployment.md', () => {
    const docs = read('docs/deployment.md');
    const vars = [...read('docker-compose.yml').matchAll(/\$\{(\w+)(:?[-?][^}]*)?\}/g)];
    expect(vars.length).toBeGreaterThan(10);
    for (const [whole, name, fallback] of vars) {
      expect(fallback?.startsWith(':-'), whole).toBe(true);
      expect(docs, `${name} is not in docs/deployment.md`).toContain(`\`${name}\``);
    }
  });

  it('Grafana is provisioned with the data source, the dashboards and the alert rules (config/grafana/provisioning)', () => {
    const grafana = (parse(read('docker-compose.yml')) as { services: { grafana: { volumes: string[] } } }).services.grafana;
    expect(grafana.volumes).toContain('./config/grafana/provisioning:/etc/grafana/provisioning:ro');
    expect(readdirSync(join(ROOT, 'config/grafana/provisioning')).sort()).toEqual(['alerting', 'dashboards', 'datasources']);
    expect(readdirSync(join(ROOT, 'config/grafana/provisioning/alerting'))).toEqual(['meraki-usage-alerts.yaml']);
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  it('builds in one stage with npm ci and ships production dependencies only, as a non-root user', () => {
    expect(text.match(/^FROM /gm)).toHaveLength(2);
    expect(text).toMatch(/AS build[\s\S]*RUN npm ci[\s\S]*RUN npm run build/);
    expect(text).toMatch(/AS runtime[\s\S]*npm ci --omit=dev[\s\S]*COPY --from=build \/app\/build\/src/);
    const user = [...text.matchAll(/^USER (\S+)$/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)$/);
  });
  it('has a node-only HEALTHCHECK on /livez, the CLI as entrypoint and `run` as default command', () => {
    const healthcheck = /^HEALTHCHECK .*\\\n\s*CMD (.*)$/m.exec(text)?.[1];
    expect(healthcheck).toMatch(/^\["node", "-e", ".*\/livez.*"\]$/);
    expect(healthcheck).not.toMatch(/curl|wget/);
    // node, its flags (kept equal to NODE_RUNTIME_FLAGS by test/cli/runtime-flags.test.ts), the CLI
    expect(text).toMatch(/^ENTRYPOINT \["node", ("--[^"]+", )*"build\/src\/cli\.js"\]$/m);
    expect(text).toMatch(/^CMD \["run"\]$/m);
    expect(text).toMatch(/COLLECTOR_HTTP_HOST=0\.0\.0\.0/);
  });
  it('.dockerignore keeps secrets, dependencies and build output out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const p of ['.env', 'node_modules', 'build', '.git', 'state']) expect(ignored).toContain(p);
  });
});
