import * as z from 'zod';
import { id } from '../../../shared/schemas/common.ts';
import { imageTypes, maxImageBytes, uploadedImage } from '../../../shared/schemas/image.ts';
import { defineRoutes } from '../route.ts';

/** Images providers upload for their offerings. */
export const imageRoutes = defineRoutes({
  uploadImage: {
    method: 'POST',
    path: '/api/v1/images',
    handler: 'functions/http/images/upload.ts',
    summary:
      'Upload an image for an organisation’s offerings: the raw bytes of a JPEG, PNG or WebP of at most 2 MB, sent with its own Content-Type',
    tags: ['images'],
    // Reads the session's person and records the upload (the image itself goes to the images bucket).
    table: 'write',
    auth: 'signed-in',
    storesImages: true,
    query: z.object({ organisationId: id }),
    binaryBody: {
      types: Object.keys(imageTypes),
      maxBytes: maxImageBytes,
      field: 'image',
      messages: { unsupportedType: 'unsupportedImageType', tooLarge: 'imageTooLarge' },
    },
    responses: { 201: { description: 'Stored; `url` is where the site serves it, for an offering to point at', schema: uploadedImage } },
  },
});
