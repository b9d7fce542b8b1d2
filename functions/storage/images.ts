import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { imageTypes, type ImageType } from '../../shared/schemas/image.ts';
import { config } from '../config.ts';

/**
 * Where uploaded images are kept: the images bucket in AWS (IMAGE_STORE=s3), a folder locally
 * (IMAGE_STORE=folder). Either way an image is stored once under a new name and never changed,
 * so it can be cached for a year wherever it is served.
 */

/** `<ULID>.<ext>`: the file name in the uploads folder and the last part of the served URL. */
export const imageFileName = (id: string, type: ImageType): string => `${id}.${imageTypes[type]}`;

/** The bucket keeps images under the same path the site serves them at (CloudFront passes `/images/...` on). */
export const imageObjectKey = (fileName: string): string => `images/${fileName}`;

export const imageCacheControl = 'public, max-age=31536000, immutable';

/** The uploads folder, absolute, so a change of working directory cannot move it. */
export const uploadsDir = (): string => resolve(config().UPLOADS_DIR);

let s3: S3Client | undefined;

export async function storeImage(
  fileName: string,
  type: ImageType,
  bytes: Uint8Array,
  metadata: Record<string, string> = {},
): Promise<void> {
  const { IMAGE_STORE, IMAGES_BUCKET, AWS_REGION } = config();
  if (IMAGE_STORE === 'folder') {
    const dir = uploadsDir();
    await mkdir(dir, { recursive: true });
    // Written aside and renamed, so the web server never serves half a file (it serves only
    // names of the `<ULID>.<ext>` form, which the temporary name is not).
    const partial = join(dir, `.${fileName}.partial`);
    try {
      await writeFile(partial, bytes, { flag: 'wx' });
      await rename(partial, join(dir, fileName));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return;
  }
  if (!IMAGES_BUCKET) throw new Error('IMAGES_BUCKET is not set: this function stores images and needs it');
  s3 ??= new S3Client({ region: AWS_REGION });
  await s3.send(
    new PutObjectCommand({
      Bucket: IMAGES_BUCKET,
      Key: imageObjectKey(fileName),
      Body: bytes,
      ContentType: type,
      CacheControl: imageCacheControl,
      Metadata: metadata,
      // Names are new ULIDs; refusing to overwrite makes sure a stored image never changes.
      IfNoneMatch: '*',
    }),
  );
}
