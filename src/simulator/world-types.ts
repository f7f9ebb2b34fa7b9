/** The simulator's synthetic world, readable by tests. Day numbers count days since the epoch (see day-buckets.ts). */

export interface SimOrganization {
  readonly id: string;
  readonly name: string;
  readonly apiEnabled: boolean;
  readonly networks: readonly SimNetwork[];
}

export interface SimSsid {
  readonly number: number;
  readonly name: string;
  readonly enabled: boolean;
}

export interface SimDevice {
  readonly serial: string;
  readonly name: string;
}

export interface SimNetwork {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly productTypes: readonly string[];
  readonly tags: readonly string[];
  readonly timeZone: string;
  /** Clients are named by IP instead of MAC in usageHistories. */
  readonly trackByIp: boolean;
  /** All 15 SSID slots for wireless networks, none otherwise. */
  readonly ssids: readonly SimSsid[];
  readonly devices: readonly SimDevice[];
  readonly clients: readonly SimClient[];
  /** The client with this key (whether or not it exists yet at the current clock). */
  clientByKey(key: string): SimClient | undefined;
  /** The client with this MAC (any case). */
  clientByMac(mac: string): SimClient | undefined;
  /** The client that has or had this IP. */
  clientByIp(ip: string): SimClient | undefined;
}

export interface SimClient {
  /** Index within its network (the pagination order). */
  readonly index: number;
  /** Index over the whole world (hash input). */
  readonly globalIndex: number;
  /** Client key, `k` + 6 hex digits. */
  readonly key: string;
  readonly mac: string;
  readonly wired: boolean;
  readonly os: string;
  readonly manufacturer: string;
  readonly description: string | null;
  readonly vlan: string;
  /** The SSID mostly used (null when wired). */
  readonly ssidPrimary: number | null;
  /** A second SSID used on some days (null if none). */
  readonly ssidSecondary: number | null;
  /** First and last day with possible usage (network-local day numbers; lastDay may be Infinity). */
  readonly firstDay: number;
  readonly lastDay: number;
  /** Percentage of the days in [firstDay, lastDay] with usage. */
  readonly activePct: number;
  readonly ipPrimary: string;
  /** The address used in odd lease periods (null: the IP never changes). */
  readonly ipSecondary: string | null;
  /** Length of one lease period, days (0 when the IP never changes). */
  readonly leaseDays: number;
  readonly leasePhase: number;
  /** Typical received usage per active day, in eighths of a kilobyte. */
  readonly levelEighths: number;
  /** Sent as a per-mille of received. */
  readonly sentPerMille: number;
  readonly deviceIndex: number;
}

export interface SimWorld {
  readonly seed: number;
  readonly organizations: readonly SimOrganization[];
  readonly networks: readonly SimNetwork[];
  /** Day number (UTC) of the initial clock; history starts historyDays before it. */
  readonly startDay: number;
  /** First day (network-local day number) with data; earlier days are absent. */
  readonly historyStartDay: number;
  readonly clientCount: number;
  /** Usage grows by this many percent per month (30.44 days) from historyStartDay, compounding per day. */
  readonly growthPctPerMonth: number;
  organization(id: string): SimOrganization | undefined;
  network(id: string): SimNetwork | undefined;
}
