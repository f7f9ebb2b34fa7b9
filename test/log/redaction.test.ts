import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/create-logger.js';
import type { LogFormat } from '../../src/log/create-logger.js';
import { createRedactor } from '../../src/log/redact.js';
import { memoryStream } from './memory-stream.js';

const API_KEY = '0123456789abcdef0123456789abcdef01234567';
const TOKEN = 'tok+en/with=special&chars"';
const PASSWORD = 'hunter2!';
const SECRETS = [API_KEY, TOKEN, PASSWORD];

function leakingError(): Error {
  const inner = new Error(`401 for https://api.meraki.com/x?key=${encodeURIComponent(TOKEN)} with ${API_KEY}`);
  const err = new AggregateError([new Error(`password ${PASSWORD}`)], `request with X-Cisco-Meraki-API-Key: ${API_KEY}`, {
    cause: inner,
  });
  return Object.assign(err, { url: `http://u:${PASSWORD}@influx:8086`, status: 401 });
}

describe('redaction', () => {
  it.each<[LogFormat, 'debug' | 'info']>([
    ['json', 'info'],
    ['json', 'debug'],
    ['pretty', 'info'],
    ['pretty', 'debug'],
  ])('prints no secret in format %s at level %s', (format, level) => {
    const stream = memoryStream();
    const log = createLogger({ stream, format, level, secrets: SECRETS }).child({ [`key-${API_KEY}`]: TOKEN });
    log.error(`message with ${API_KEY} and ${TOKEN}`, {
      err: leakingError(),
      nested: { deeper: [{ token: TOKEN, headers: { Authorization: `Token ${TOKEN}` } }] },
      url: new URL(`https://x.example/?pw=${encodeURIComponent(PASSWORD)}`),
      json: JSON.stringify({ token: TOKEN }),
    });
    log.debug(PASSWORD);
    const text = stream.text();
    expect(text.length).toBeGreaterThan(100);
    for (const s of SECRETS) {
      expect(text).not.toContain(s);
      expect(text).not.toContain(encodeURIComponent(s));
      expect(text).not.toContain(JSON.stringify(s).slice(1, -1));
    }
    expect(text).toContain('***');
  });

  it('keeps the rest of the text', () => {
    const redact = createRedactor(['abc', '']);
    expect(redact('xabcyabc')).toBe('x***y***');
    expect(createRedactor([])('abc')).toBe('abc');
  });

  it('matches a secret containing regex characters literally', () => {
    expect(createRedactor(['a.c'])('abc a.c')).toBe('abc ***');
  });
});
