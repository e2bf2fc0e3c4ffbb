import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/** S3's minimum size of every part but the last. */
const MIN_PART_BYTES = 5 * 1024 * 1024;

/**
 * Writes one S3 object as a stream of text: small objects in one PutObject, larger ones as a
 * multipart upload of `partBytes` parts, so a training set larger than the Lambda's memory never
 * sits in it whole. {@link abort} discards an unfinished upload.
 */
export class S3ObjectWriter {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private uploadId: string | undefined;
  private readonly parts: CompletedPart[] = [];

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    readonly key: string,
    private readonly contentType: string,
    private readonly partBytes = 16 * 1024 * 1024,
  ) {
    if (partBytes < MIN_PART_BYTES)
      throw new Error(`partBytes must be at least ${MIN_PART_BYTES}. Received ${partBytes}`);
  }

  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered >= this.partBytes) await this.uploadPart();
  }

  async close(): Promise<void> {
    if (this.uploadId === undefined) {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key,
          Body: this.takeBuffer(),
          ContentType: this.contentType,
        }),
      );
      return;
    }
    if (this.buffered > 0) await this.uploadPart();
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
  }

  async abort(): Promise<void> {
    if (this.uploadId === undefined) return;
    await this.s3.send(
      new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId }),
    );
    this.uploadId = undefined;
  }

  private async uploadPart(): Promise<void> {
    this.uploadId ??= (
      await this.s3.send(
        new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, ContentType: this.contentType }),
      )
    ).UploadId;
    const PartNumber = this.parts.length + 1;
    const { ETag } = await this.s3.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        PartNumber,
        Body: this.takeBuffer(),
      }),
    );
    this.parts.push({ ETag, PartNumber });
  }

  private takeBuffer(): Buffer {
    const body = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return body;
  }
}
