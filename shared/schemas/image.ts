import * as z from 'zod';

/** Images providers may upload: JPEG, PNG or WebP, up to 2 MB, recognised by their bytes. */
export const imageTypes = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type ImageType = keyof typeof imageTypes;
export const maxImageBytes = 2 * 1024 * 1024;

/**
 * Where an uploaded image is served: `/images/<ULID>.<ext>` on the site's own origin (S3 behind
 * CloudFront in AWS, `.data/uploads` locally). Offerings may only point at uploaded images.
 */
export const uploadedImageUrl = z.string().regex(/^\/images\/[0-9A-HJKMNP-TV-Z]{26}\.(jpg|png|webp)$/, { error: 'invalidImageUrl' });

export const uploadedImage = z.object({ url: uploadedImageUrl, type: z.enum(Object.keys(imageTypes) as [ImageType, ...ImageType[]]), bytes: z.int() });
export type UploadedImage = z.infer<typeof uploadedImage>;
