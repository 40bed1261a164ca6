import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/** The media types of a list's files: CSV for spreadsheets, JSON for programs. */
export const listMediaTypes = {
  csv: "text/csv; charset=utf-8; header=present",
  json: "application/json; charset=utf-8",
} as const;

/**
 * The deployment's bucket of monthly lists. Objects are encrypted with the deployment's data key by
 * the bucket's default encryption (SSE-KMS, bucket key), so a writer names none.
 */
export class ListBucket {
  constructor(
    private readonly client: S3Client,
    readonly bucketName: string,
  ) {}

  /** Writes (or overwrites with the same bytes, when rebuilt) one file of a list. */
  async put(key: string, body: string, format: keyof typeof listMediaTypes): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucketName,
        Key: key,
        Body: body,
        ContentType: listMediaTypes[format],
        ChecksumAlgorithm: "SHA256",
      }),
    );
  }

  /** The bytes of one file, or undefined when there is none (the month was never built). */
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
      return await object.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}
