/** Response shapes of the Meraki Dashboard API v1 endpoints this project uses (see MERAKI_API.md). */

export interface Organization {
  id: string;
  name: string;
  url?: string;
  api?: { enabled: boolean };
}

export interface Network {
  id: string;
  organizationId: string;
  name: string;
  productTypes: string[];
  tags: string[];
  timeZone: string;
}

export interface Ssid {
  number: number;
  name: string;
  enabled: boolean;
}

/** GET /networks/{networkId}/clients item (usage in kilobytes). */
export interface NetworkClient {
  id: string;
  mac: string;
  ip: string | null;
  ip6?: string | null;
  description: string | null;
  firstSeen: string;
  lastSeen: string;
  manufacturer: string | null;
  os: string | null;
  recentDeviceSerial?: string | null;
  recentDeviceName?: string | null;
  recentDeviceConnection: 'Wired' | 'Wireless' | null;
  ssid: string | null;
  vlan: string | number | null;
  namedVlan?: string | null;
  switchport?: string | null;
  usage: { sent: number; recv: number };
  status: 'Online' | 'Offline' | null;
  user?: string | null;
}

/** One daily bucket. The received field is `recv` in the seed document and `received` in newer specs. */
export interface UsageBucket {
  ts: string;
  recv?: number;
  received?: number;
  sent: number;
}

/** GET /networks/{networkId}/clients/usageHistories item (usage in kilobytes). */
export interface ClientUsageHistory {
  clientId: string;
  clientIp: string | null;
  clientMac: string;
  usageHistory: UsageBucket[];
}
