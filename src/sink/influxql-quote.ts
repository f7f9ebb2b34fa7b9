/** An InfluxQL string literal: `'...'` with backslashes and single quotes escaped. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
