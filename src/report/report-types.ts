/** What a planner asks for: a date range, optionally one network, how many top clients, the totals' zone. */
export interface ReportQuery {
  /** UTC midnight of `--from` (the first date, inclusive), ms since the epoch. */
  fromMs: number;
  /** UTC midnight after `--to` (the last date, exclusive), ms since the epoch. */
  toMs: number;
  /** Only this network (id or name); null = every network. */
  network: string | null;
  /** Number of clients in the top-clients list. */
  top: number;
  /** Time zone of the cross-network daily/weekly/monthly totals (each network's own rollups use its zone). */
  tz: string;
  /** `--threshold`: the daily size (kilobytes) whose crossing by the p95 day is forecast; null = none. */
  thresholdKb: number | null;
}

/** Received and sent kilobytes (as stored in `client_usage`) and their sum. */
export interface UsageKb {
  recvKb: number;
  sentKb: number;
  totalKb: number;
}

/** A network as `network_info` names it (networks without info: name = id, zone Etc/UTC). */
export interface NetworkInfo {
  id: string;
  name: string;
  timeZone: string;
}

/** A client as `client_info` names it (latest point per client). */
export interface ClientInfo {
  network: string;
  client: string;
  /** The Dashboard's name: description, else the MAC. */
  name: string;
  mac: string;
  manufacturer: string;
  os: string;
}

export interface ClientTotal extends UsageKb {
  network: string;
  networkName: string;
  client: string;
  name: string;
  mac: string;
  manufacturer: string;
  os: string;
}

/** A calendar period (day, ISO week from Monday, calendar month) of one zone. */
export interface PeriodTotal extends UsageKb {
  /** First date, `YYYY-MM-DD`. */
  start: string;
  /** The period is not wholly inside the covered dates (range, first data, today), so its total is not whole. */
  partial: boolean;
}

export interface MonthTotal extends PeriodTotal {
  /** Change against the previous month, percent; null when either month is partial or the previous one is 0. */
  growthPct: number | null;
}

/** A value with its interval (about 95%). */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface ForecastMonth {
  /** `YYYY-MM-DD` of the month's first day. */
  start: string;
  /** The horizon covers only part of the month. */
  partial: boolean;
  totalKb: Estimate;
  p95DailyKb: Estimate;
}

/** The trend of one daily series and what it says of the next days. */
export interface Trend {
  /** Whole days the fit used. */
  days: number;
  /** Growth per month (30.44 days) of the weekly-pattern-adjusted trend, percent. */
  growthPctPerMonth: Estimate;
  /** Weekday factors, Monday first (1 = the weekly mean). */
  weekdayFactors: number[];
  /** First whole day of the fit, `YYYY-MM-DD`; fittedKb runs one value per day from it. */
  fittedStart: string;
  /** Fitted expected total per whole day from fittedStart. */
  fittedKb: number[];
  /** First forecast date, `YYYY-MM-DD`; the forecast runs `forecastDays` days from it. */
  forecastStart: string;
  forecastDays: number;
  /** Expected total per forecast day, with its band. */
  dailyKb: Estimate[];
  /** Sum of the forecast days. */
  totalKb: Estimate;
  /** 95th percentile of the daily totals over the forecast days. */
  p95DailyKb: Estimate;
  months: ForecastMonth[];
  /** First date the p95 day is expected to exceed `--threshold` (earliest, expected, latest); null: no threshold. */
  threshold: { kb: number; date: string | null; earliest: string | null; latest: string | null; already: boolean } | null;
}

/** A daily series that is too short for a trend. */
export interface NoTrend {
  days: number;
  reason: string;
}

export interface NetworkReport extends UsageKb {
  network: string;
  name: string;
  timeZone: string;
  /** Dates in the range with usage (> 0). */
  daysWithData: number;
  /** Mean over the days with usage, kilobytes per day. */
  meanDailyKb: number;
  /** 95th percentile (nearest rank) of the daily totals over the days with usage. */
  p95DailyKb: number;
  peakDailyKb: number;
  /** Local dates of the network's zone. */
  daily: PeriodTotal[];
  weekly: PeriodTotal[];
  monthly: MonthTotal[];
  trend: Trend | NoTrend;
}

export interface SsidTotal extends UsageKb {
  network: string;
  networkName: string;
  /** SSID name; empty for wired clients and points without an SSID. */
  ssid: string;
}

/** Everything the report shows; JSON output is this object. */
export interface UsageReport {
  query: ReportQuery;
  /** When the report was made, ms since the epoch. */
  generatedAtMs: number;
  /** Where the data came from (InfluxDB or the line-protocol files). */
  source: string;
  totals: UsageKb;
  topClients: ClientTotal[];
  networks: NetworkReport[];
  ssids: SsidTotal[];
  /** Totals over every network, dates in `query.tz`. */
  daily: PeriodTotal[];
  weekly: PeriodTotal[];
  monthly: MonthTotal[];
  trend: Trend | NoTrend;
}

/** One daily bucket of one network as stored (its start, ms). */
export interface BucketRow {
  network: string;
  startMs: number;
  recvKb: number;
  sentKb: number;
}

/** Raw aggregates read from a source, before the pure rollups. */
export interface ReportData {
  networks: NetworkInfo[];
  clients: ClientTotal[];
  ssids: SsidTotal[];
  buckets: BucketRow[];
}
