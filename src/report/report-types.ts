/** What a planner asks for: a time range, optionally one network, and how many top clients. */
export interface ReportQuery {
  /** Start of the range, ms since the epoch (inclusive, UTC midnight of `--from`). */
  fromMs: number;
  /** End of the range, ms since the epoch (exclusive, UTC midnight after `--to`). */
  toMs: number;
  /** Only this network id; null = every network. */
  network: string | null;
  /** Number of clients in the top-clients list. */
  top: number;
}

/** Received and sent kilobytes (as stored in `client_usage`) and their sum. */
export interface UsageKb {
  recvKb: number;
  sentKb: number;
  totalKb: number;
}

export interface ClientTotal extends UsageKb {
  network: string;
  client: string;
  mac: string;
}

export interface NetworkTotal extends UsageKb {
  network: string;
  /** UTC days in the range with usage (> 0) in this network. */
  daysWithData: number;
  /** Mean over the days with usage, kilobytes per day. */
  meanDailyKb: number;
  /** 95th percentile (nearest rank) of the daily totals over the days with usage, kilobytes per day. */
  p95DailyKb: number;
  /** Highest daily total, kilobytes. */
  peakDailyKb: number;
}

export interface SsidTotal extends UsageKb {
  network: string;
  /** SSID name; empty for wired clients and points without an SSID. */
  ssid: string;
}

/** One day, ISO week (Monday) or calendar month, UTC. */
export interface PeriodTotal extends UsageKb {
  startMs: number;
}

export interface MonthTotal extends PeriodTotal {
  /** The month is cut by the range (or still running), so its total is not a whole month. */
  partial: boolean;
  /** Change against the previous month, percent; null when either month is partial or the previous one is 0. */
  growthPct: number | null;
}

/** Everything the report shows; JSON output is this object. */
export interface UsageReport {
  query: ReportQuery;
  /** When the report was made, ms since the epoch. */
  generatedAtMs: number;
  totals: UsageKb;
  topClients: ClientTotal[];
  networks: NetworkTotal[];
  ssids: SsidTotal[];
  daily: PeriodTotal[];
  weekly: PeriodTotal[];
  monthly: MonthTotal[];
}

/** Raw aggregates read from InfluxDB, before the pure rollups. */
export interface ReportData {
  clients: ClientTotal[];
  ssids: SsidTotal[];
  /** One row per network per UTC day with data. */
  networkDays: { network: string; dayStartMs: number; recvKb: number; sentKb: number }[];
}
