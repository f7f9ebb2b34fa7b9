/** Proxy settings, as the usual environment variables mean them; the loader copies them into each edge's section. */
export interface ProxyConfig {
  /** Proxy of https:// targets (a CONNECT tunnel), e.g. http://proxy.corp:3128; null = direct. Credentials in it are secret. */
  httpsProxy: string | null;
  /** Proxy of http:// targets (absolute-URI requests); null = direct. Credentials in it are secret. */
  httpProxy: string | null;
  /** Hosts reached directly: `*`, `example.com` (and subdomains), `.example.com`, `host:port`, IPs, CIDR ranges. */
  noProxy: string[];
}
