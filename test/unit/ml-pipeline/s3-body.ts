import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';

/**
 * A GetObject body as the SDK returns it in Node (an async iterable of bytes with
 * `transformToString`), delivering `text` in chunks of `chunkBytes` so parsers meet every boundary.
 */
export function s3Body(text: string, chunkBytes = 7): GetObjectCommandOutput['Body'] {
  const bytes = Buffer.from(text, 'utf8');
  return {
    async *[Symbol.asyncIterator]() {
      for (let start = 0; start < bytes.length; start += chunkBytes) yield bytes.subarray(start, start + chunkBytes);
    },
    transformToString: async () => text,
  } as unknown as GetObjectCommandOutput['Body'];
}
