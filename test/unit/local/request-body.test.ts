import { request } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRequest } from '../../../local/http/http-types.ts';
import { type HttpServer, startHttpServer } from '../../../local/http/server.ts';

/*
 * The bytes of a POST body as the local HTTP API takes them in, over a real socket: the same refusals
 * API Gateway makes before the request model runs (415 for a coding or charset it cannot honour), and
 * the bytes that are not UTF-8, which Node would otherwise turn into U+FFFD without a word.
 */

const LIMIT = 1024;
let server: HttpServer;
const received: string[] = [];

beforeAll(async () => {
  server = await startHttpServer(
    [
      {
        method: 'POST',
        path: '/echo',
        maxBodyBytes: LIMIT,
        handler: async ({ body }: LocalRequest) => {
          received.push(body);
          return { statusCode: 200, body: { body } };
        },
      },
    ],
    0,
    '127.0.0.1',
  );
});

afterAll(() => server?.close());

interface Answer {
  readonly status: number;
  readonly body: unknown;
  /** What the route handler was given, if it ran. */
  readonly handed: string | undefined;
}

function postBytes(bytes: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const before = received.length;
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/echo', server.url),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': bytes.length, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            handed: received.length > before ? received.at(-1) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

/** `{"tx_id":"` + the raw bytes + `"}`. */
const bodyWith = (...bytes: number[]) =>
  Buffer.concat([Buffer.from('{"tx_id":"'), Buffer.from(bytes), Buffer.from('"}')]);

const refused = (status: number, message: string): Answer => ({
  status,
  body: { message, errors: [{ index: null, path: '', message }] },
  handed: undefined,
});

const notUtf8 = (at: number) =>
  refused(400, `Request body is not valid UTF-8 (JSON text is UTF-8, RFC 8259 §8.1): bad byte sequence at byte ${at}`);

describe('a POST body that is not UTF-8', () => {
  it.each([
    ['a Latin-1 é (0xE9)', [0x63, 0x61, 0x66, 0xe9], 13],
    ['a lone continuation byte', [0x80], 10],
    ['0xFF, which UTF-8 never uses', [0x61, 0xff], 11],
    ['an overlong "/" in two bytes (C0 AF)', [0xc0, 0xaf], 10],
    ['an overlong "/" in three bytes (E0 80 AF)', [0xe0, 0x80, 0xaf], 10],
    ['an overlong "/" in four bytes (F0 80 80 AF)', [0xf0, 0x80, 0x80, 0xaf], 10],
    ['an overlong NUL (C0 80, modified UTF-8)', [0xc0, 0x80], 10],
    ['a surrogate encoded as UTF-8 (ED A0 80, CESU-8)', [0xed, 0xa0, 0x80], 10],
    ['a code point past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], 10],
    ['a three-byte sequence cut short', [0xe2, 0x82], 10],
    ['an invalid byte after a literal U+FFFD', [0xef, 0xbf, 0xbd, 0xc3], 13],
  ])('refuses %s with 400 and the offset of the bad sequence', async (_name, bytes, at) => {
    // Prepare
    const body = bodyWith(...bytes);

    // Act
    const answer = await postBytes(body);

    // Assess
    expect(answer).toStrictEqual(notUtf8(at));
  });

  it('hands well-formed UTF-8 over unchanged, a literal U+FFFD included (the validator judges it)', async () => {
    // Prepare
    const text = '{"tx_id":"café 广告 😀 \ufffd"}';

    // Act
    const answer = await postBytes(Buffer.from(text));

    // Assess
    expect(answer).toStrictEqual({ status: 200, body: { body: text }, handed: text });
  });
});

describe('the charset of a POST body', () => {
  it.each(['iso-8859-1', 'ISO-8859-1', 'windows-1252', 'utf-16', 'us-ascii'])(
    'refuses charset=%s with 415, even on a body that would decode',
    async (charset) => {
      // Prepare
      const body = bodyWith(0x63, 0x61, 0x66, 0xe9);

      // Act
      const answer = await postBytes(body, { 'content-type': `application/json; charset=${charset}` });

      // Assess
      expect(answer).toStrictEqual(
        refused(415, `Content-Type charset must be utf-8 (JSON text is UTF-8, RFC 8259 §8.1), got ${charset}`),
      );
    },
  );

  it.each(['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'Application/JSON; charset="utf-8"'])(
    'accepts %s',
    async (contentType) => {
      // Prepare
      const text = '{"tx_id":"café"}';

      // Act
      const answer = await postBytes(Buffer.from(text), { 'content-type': contentType });

      // Assess
      expect(answer).toStrictEqual({ status: 200, body: { body: text }, handed: text });
    },
  );

  it('refuses a media type other than JSON with 415, as before', async () => {
    // Act
    const answer = await postBytes(Buffer.from('{}'), { 'content-type': 'text/plain' });

    // Assess
    expect(answer).toStrictEqual(refused(415, 'Content-Type must be application/json, got text/plain'));
  });
});

describe('the Content-Encoding of a POST body', () => {
  const text = '{"tx_id":"café","n":[1,2,3]}';

  it.each([
    ['gzip', gzipSync(text)],
    ['GZIP', gzipSync(text)],
    ['deflate', deflateSync(text)],
    ['identity', Buffer.from(text)],
  ])('decodes %s before the body is read as JSON', async (coding, bytes) => {
    // Act
    const answer = await postBytes(bytes, { 'content-encoding': coding });

    // Assess
    expect(answer).toStrictEqual({ status: 200, body: { body: text }, handed: text });
  });

  it.each([
    ['gzip', Buffer.from(text)],
    ['deflate', Buffer.from(text)],
    ['gzip', deflateSync(text)],
    ['gzip', gzipSync(text).subarray(0, 20)],
  ])('refuses a body that is not %s data with 415', async (coding, bytes) => {
    // Act
    const answer = await postBytes(bytes, { 'content-encoding': coding });

    // Assess
    expect(answer).toStrictEqual(refused(415, `Request body is not ${coding} data, as its Content-Encoding says`));
  });

  it.each(['br', 'compress', 'zstd', 'gzip, gzip'])('refuses Content-Encoding: %s with 415', async (coding) => {
    // Act
    const answer = await postBytes(gzipSync(text), { 'content-encoding': coding });

    // Assess
    expect(answer).toStrictEqual(refused(415, `Content-Encoding must be gzip, deflate or identity, got ${coding}`));
  });

  it('refuses a gzip body that inflates past the limit with 413', async () => {
    // Prepare: 512 KiB of spaces is about 500 bytes of gzip, under the limit as sent.
    const bomb = gzipSync(Buffer.alloc(512 * 1024, 0x20));
    expect(bomb.length).toBeLessThanOrEqual(LIMIT);

    // Act
    const answer = await postBytes(bomb, { 'content-encoding': 'gzip' });

    // Assess
    expect(answer).toStrictEqual(
      refused(413, `Request body exceeds ${LIMIT} bytes once decoded (Content-Encoding: gzip)`),
    );
  });

  it('refuses invalid UTF-8 inside a gzip body with 400, at its offset in the decoded body', async () => {
    // Act
    const answer = await postBytes(gzipSync(bodyWith(0xc0, 0xaf)), { 'content-encoding': 'gzip' });

    // Assess
    expect(answer).toStrictEqual(notUtf8(10));
  });
});
