import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import type { LocalResponse } from './http-types.ts';

const JSON_TYPE = 'application/json';

/** The body of a POST as text, or the 4xx that refuses it. */
export type BodyResult = { readonly text: string } | { readonly refusal: LocalResponse };

/*
 * The codings API Gateway decodes before a request reaches the model and the mapping template; any other
 * coding, or a body that is not what its coding says, is a 415 there too (README, "Sending events").
 */
const DECODERS: Readonly<Record<string, ((data: Buffer, limit: number) => Promise<Buffer>) | undefined>> = {
  identity: async (data) => data,
  gzip: (data, limit) => promisify(gunzip)(data, outputCap(limit)),
  deflate: (data, limit) => promisify(inflate)(data, outputCap(limit)),
};

/** Stops a decompression bomb one byte past the limit instead of inflating it whole. */
const outputCap = (limit: number) => (Number.isFinite(limit) ? { maxOutputLength: limit + 1 } : {});

/**
 * Reads a JSON request body the way API Gateway takes it in: `application/json` in UTF-8 only, a
 * `Content-Encoding` decoded (gzip, deflate) or refused, never ignored, and bytes that are not UTF-8 refused
 * instead of silently turned into U+FFFD. `limit` caps the body as sent and as decoded.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const typeProblem = contentTypeProblem(req.headers['content-type']);
  if (typeProblem) {
    req.resume();
    return refuse(415, typeProblem);
  }
  const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase() || 'identity';
  const decode = DECODERS[coding];
  if (!decode) {
    req.resume();
    return refuse(415, `Content-Encoding must be gzip, deflate or identity, got ${req.headers['content-encoding']}`);
  }
  const sent = await readBytes(req, limit);
  if (sent === undefined) return refuse(413, `Request body exceeds ${limit} bytes`, { connection: 'close' });
  let bytes: Buffer;
  try {
    bytes = await decode(sent, limit);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return refuse(413, `Request body exceeds ${limit} bytes once decoded (Content-Encoding: ${coding})`);
    }
    return refuse(415, `Request body is not ${coding} data, as its Content-Encoding says`);
  }
  if (bytes.length > limit) {
    return refuse(413, `Request body exceeds ${limit} bytes once decoded (Content-Encoding: ${coding})`);
  }
  if (!isUtf8(bytes)) {
    return refuse(
      400,
      `Request body is not valid UTF-8 (JSON text is UTF-8, RFC 8259 §8.1): bad byte sequence at byte ${firstInvalidByte(bytes)}`,
    );
  }
  return { text: bytes.toString('utf8') };
}

/** Why a Content-Type is refused: not JSON, or a charset other than UTF-8 (JSON has no other). */
function contentTypeProblem(header: string | undefined): string | undefined {
  const [mediaType = '', ...parameters] = (header ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== JSON_TYPE) return `Content-Type must be ${JSON_TYPE}, got ${header ?? 'none'}`;
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"(.*)"$/, '$1');
    if (charset.toLowerCase() !== 'utf-8') {
      return `Content-Type charset must be utf-8 (JSON text is UTF-8, RFC 8259 §8.1), got ${charset || 'none'}`;
    }
  }
  return undefined;
}

/** The body's bytes, or undefined once they pass `limit` (the rest is read and discarded). */
function readBytes(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Where the first ill-formed sequence starts: the lenient decoder leaves U+FFFD there, so the first U+FFFD
 * that the body did not spell as its own three bytes (EF BF BD) marks it.
 */
function firstInvalidByte(bytes: Buffer): number {
  const lenient = bytes.toString('utf8');
  let offset = 0;
  for (const char of lenient) {
    if (char === '\ufffd' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) {
      return offset;
    }
    offset += Buffer.byteLength(char);
  }
  return offset;
}

function refuse(statusCode: number, message: string, headers?: Record<string, string>): BodyResult {
  return { refusal: { statusCode, headers, body: { message, errors: [{ index: null, path: '', message }] } } };
}
