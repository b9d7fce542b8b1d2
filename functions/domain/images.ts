import { ulid } from 'ulid';
import { imageTypes, maxImageBytes, type ImageType, type UploadedImage } from '../../shared/schemas/image.ts';
import { putImageRecord } from '../db/image.ts';
import { imageFileName, storeImage } from '../storage/images.ts';
import { requireActFor, type Actor } from './actor.ts';
import { PayloadTooLargeError, UnsupportedMediaTypeError, type FieldProblem } from './errors.ts';

const startsWith = (bytes: Uint8Array, offset: number, expected: readonly number[]) =>
  bytes.length >= offset + expected.length && expected.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The image type the bytes themselves say, from their signature: what a browser would make of
 * the file, whatever it was declared as. Anything else (SVG, HTML, a text file) is not an image here.
 */
export function recogniseImage(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))) return 'image/webp';
  return undefined;
}

const isImageType = (type: string): type is ImageType => Object.hasOwn(imageTypes, type);

/**
 * Use case: a provider uploads an image for their organisation's offerings. The bytes must be
 * a JPEG, PNG or WebP of at most 2 MB and of the type they were declared as; nothing is stored
 * otherwise. The image is stored under a new name and served from the site's own origin, and
 * recorded as the organisation's, so only its own offerings can show it.
 */
export async function uploadImage(input: {
  actor: Actor;
  organisationId: string;
  declaredType: string;
  bytes: Uint8Array;
  /** Names the upload in refusals: the form field or body the bytes came in. */
  field: Omit<FieldProblem, 'message'>;
}): Promise<UploadedImage> {
  const { actor, organisationId, bytes, field } = input;
  requireActFor(actor, organisationId, { in: 'query', path: ['organisationId'], message: 'notYourOrganisation' });

  const declared = input.declaredType.split(';')[0]!.trim().toLowerCase();
  if (!isImageType(declared)) throw new UnsupportedMediaTypeError({ ...field, message: 'unsupportedImageType' });
  if (bytes.length > maxImageBytes) throw new PayloadTooLargeError({ ...field, message: 'imageTooLarge' });
  const actual = recogniseImage(bytes);
  if (!actual) throw new UnsupportedMediaTypeError({ ...field, message: 'notAnImage' });
  if (actual !== declared) throw new UnsupportedMediaTypeError({ ...field, message: 'imageTypeMismatch' });

  const fileName = imageFileName(ulid(), actual);
  await storeImage(fileName, actual, bytes, { 'organisation-id': organisationId, 'uploaded-by': actor.personId });
  // Recorded after the file is stored: a record always has its file.
  await putImageRecord({
    fileName,
    organisationId,
    uploadedBy: actor.personId,
    mediaType: actual,
    bytes: bytes.length,
    createdAt: new Date().toISOString(),
  });
  return { url: `/images/${fileName}`, type: actual, bytes: bytes.length };
}
