import { createRequire } from 'node:module';

/** The package version, read from package.json next to src/ or build/src/; '0.0.0' if not found. */
export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'meraki-usage-collector' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

/** Meraki's convention: `ApplicationName/version VendorName`, no spaces inside either name. */
export function defaultUserAgent(version = packageVersion()): string {
  return `MerakiUsageCollector/${version} MerakiUsageCollectorProject`;
}
