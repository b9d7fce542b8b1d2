import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { imageCacheControl } from '../../functions/storage/images.ts';
import { imageTypes, type ImageType } from '../../shared/schemas/image.ts';

/** `/images/<ULID>.<ext>` and nothing else: no dots, slashes or escapes can reach the file system. */
const imagePath = /^\/images\/([0-9A-HJKMNP-TV-Z]{26}\.(jpg|png|webp))$/;
const typeOfExtension = Object.fromEntries(Object.entries(imageTypes).map(([type, ext]) => [ext, type])) as Record<string, ImageType>;

/**
 * Serves uploaded images from the uploads folder the way CloudFront serves them from the images
 * bucket in AWS: the type from the name (set from the bytes at upload), cached for a year since
 * an image never changes, and nosniff. Answers every `/images/` request itself (404 for any
 * other name) and returns false for other paths.
 */
export function serveUploadedImages(dir: string) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const path = (request.url ?? '/').split('?')[0]!;
    if (!path.startsWith('/images/')) return false;
    void answer(dir, path, request, response);
    return true;
  };
}

async function answer(dir: string, path: string, request: IncomingMessage, response: ServerResponse) {
  const notFound = () => {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    response.end('Not found');
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'x-content-type-options': 'nosniff' });
    response.end();
    return;
  }
  const match = imagePath.exec(path);
  if (!match) return notFound();
  const file = join(dir, match[1]!);
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) return notFound();
  response.writeHead(200, {
    'content-type': typeOfExtension[match[2]!]!,
    'content-length': String(size),
    'cache-control': imageCacheControl,
    'x-content-type-options': 'nosniff',
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}
