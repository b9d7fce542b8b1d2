import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { id, timestamp } from '../../shared/schemas/common.ts';
import { imageTypes, type ImageType } from '../../shared/schemas/image.ts';
import { db, tableName } from './client.ts';
import type { Key } from './items.ts';
import { putNew } from './versioned.ts';

/** Who uploaded an image file, so an offering can only show its own organisation's uploads. */
export const imageRecord = z.object({
  fileName: z.string(),
  organisationId: id,
  uploadedBy: id,
  mediaType: z.enum(Object.keys(imageTypes) as [ImageType, ...ImageType[]]),
  bytes: z.int().min(1),
  createdAt: timestamp,
});
export type ImageRecord = z.infer<typeof imageRecord>;

export const imageKey = (fileName: string): Key => ({ pk: `IMAGE#${fileName}`, sk: 'IMAGE' });

export const imageItem = (value: ImageRecord) => ({ ...imageKey(value.fileName), type: 'image', ...value });

/** Records an upload; its file name is new, so an existing record is a fault. */
export async function putImageRecord(value: ImageRecord): Promise<void> {
  if (!(await putNew(imageItem(value)))) throw new Error(`Image ${value.fileName} was recorded already`);
}

/** Access pattern: an uploaded image by file name. */
export async function getImageRecord(fileName: string): Promise<ImageRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: imageKey(fileName), ConsistentRead: true }));
  return out.Item ? imageRecord.parse(out.Item) : undefined;
}
