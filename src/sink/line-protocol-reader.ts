/** Reads InfluxDB line protocol back (the file sink's files): one line into measurement, tags, fields, time. */

export type ParsedField = number | string | boolean;

export interface ParsedLine {
  measurement: string;
  /** Measurement and tags exactly as written (the series key InfluxDB keys a point by, with the time). */
  seriesKey: string;
  tags: Record<string, string>;
  fields: Record<string, ParsedField>;
  /** Timestamp as written (seconds for the file sink's precision). */
  time: number;
}

/** Index of the first unescaped `stop` character (any of them) at or after `from`, or -1. */
function findUnescaped(line: string, from: number, stops: string): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') i++;
    else if (stops.includes(c)) return i;
  }
  return -1;
}

function unescape(text: string): string {
  return text.includes('\\') ? text.replace(/\\([,= \\"])/g, '$1') : text;
}

function parseFieldValue(text: string): ParsedField | undefined {
  if (text.startsWith('"')) return text.endsWith('"') && text.length >= 2 ? text.slice(1, -1).replace(/\\(["\\])/g, '$1') : undefined;
  if (/^[tT](rue)?$|^TRUE$|^True$/.test(text)) return true;
  if (/^[fF](alse)?$|^FALSE$|^False$/.test(text)) return false;
  const num = /^-?\d+[iu]$/.test(text) ? Number(text.slice(0, -1)) : Number(text);
  return text !== '' && Number.isFinite(num) ? num : undefined;
}

/** Splits the field set at unescaped commas outside string values. */
function splitFields(text: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) return undefined;
  parts.push(text.slice(start));
  return parts;
}

/** Parses one line; null for comments, blank lines and lines that are not valid (e.g. cut by a crash). */
export function parseLine(line: string): ParsedLine | null {
  if (line === '' || line.startsWith('#')) return null;
  const keyEnd = findUnescaped(line, 0, ' ');
  if (keyEnd <= 0) return null;
  const seriesKey = line.slice(0, keyEnd);
  const measurementEnd = findUnescaped(seriesKey, 0, ',');
  const measurement = unescape(measurementEnd === -1 ? seriesKey : seriesKey.slice(0, measurementEnd));
  const tags: Record<string, string> = {};
  let at = measurementEnd === -1 ? seriesKey.length : measurementEnd + 1;
  while (at < seriesKey.length) {
    const eq = findUnescaped(seriesKey, at, '=');
    if (eq === -1) return null;
    const end = findUnescaped(seriesKey, eq + 1, ',');
    const stop = end === -1 ? seriesKey.length : end;
    tags[unescape(seriesKey.slice(at, eq))] = unescape(seriesKey.slice(eq + 1, stop));
    at = stop + 1;
  }
  // The field set ends at the last space outside a string value; the time follows.
  const lastSpace = line.lastIndexOf(' ');
  const timeText = lastSpace > keyEnd ? line.slice(lastSpace + 1) : '';
  if (!/^-?\d+$/.test(timeText)) return null; // the file sink always writes a time
  const parts = splitFields(line.slice(keyEnd + 1, lastSpace));
  if (!parts || parts.length === 0) return null;
  const fields: Record<string, ParsedField> = {};
  for (const part of parts) {
    const eq = findUnescaped(part, 0, '=');
    if (eq <= 0) return null;
    const value = parseFieldValue(part.slice(eq + 1));
    if (value === undefined) return null;
    fields[unescape(part.slice(0, eq))] = value;
  }
  return { measurement, seriesKey, tags, fields, time: Number(timeText) };
}
