import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../functions/config.ts';
import { getImageRecord } from '../../functions/db/image.ts';
import { routes } from '../../functions/http/routes.ts';
import { startApiServer } from '../../infra/local/api-server.ts';
import { serveUploadedImages } from '../../infra/local/uploads.ts';
import { uploadedImage } from '../../shared/schemas/image.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { tinyJpeg, tinyPng, tinyWebp } from '../setup/images.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
// A file beside the uploads folder, for path traversal to find if it could.
const dataDir = mkdtempSync(join(tmpdir(), 'tarjotin-data-'));
const uploads = join(dataDir, 'uploads');
mkdirSync(uploads);
writeFileSync(join(dataDir, 'package.json'), '{"name":"not for the web"}');
process.env.IMAGE_STORE = 'folder';
process.env.UPLOADS_DIR = uploads;
resetConfig();

const organisationId = ulid();
let api: { url: string; server: Server };
let provider: TestPerson;
let outsider: TestPerson;
let otherProvider: TestPerson;
let admin: TestPerson;

beforeAll(async () => {
  api = await startApiServer(routes, 0);
  provider = await signInAs({ email: 'kuvat@museo.test', memberships: [{ organisationId }] });
  outsider = await signInAs({ email: 'teacher@school.test' });
  otherProvider = await signInAs({ email: 'someone@theatre.test', memberships: [{ organisationId: ulid() }] });
  admin = await signInAs({ email: 'admin@city.test', platformAdmin: true });
});
afterAll(() => new Promise<void>((done) => api.server.close(() => done())));

async function upload(bytes: Uint8Array, contentType: string, who?: TestPerson, organisation = organisationId) {
  const response = await fetch(`${api.url}/api/v1/images?organisationId=${organisation}&lang=en`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(who ? who.authorization : {}) },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const storedFiles = () => readdirSync(uploads).sort();

describe('uploading an offering image', () => {
  it.each([
    ['image/jpeg', 'jpg', tinyJpeg()],
    ['image/png', 'png', tinyPng()],
    ['image/webp', 'webp', tinyWebp()],
  ])('stores a %s under a new name and answers where it is served', async (type, extension, bytes) => {
    // Act
    const answer = await upload(bytes, type, provider);
    // Assert
    expect(answer.status).toBe(201);
    const image = uploadedImage.parse(answer.body);
    expect(image).toMatchObject({ type, bytes: bytes.length });
    expect(image.url).toMatch(new RegExp(`^/images/[0-9A-Z]{26}\\.${extension}$`));
    const fileName = image.url.slice('/images/'.length);
    expect(readFileSync(join(uploads, fileName))).toEqual(bytes);
    expect(await getImageRecord(fileName)).toMatchObject({ organisationId, uploadedBy: provider.personId, mediaType: type, bytes: bytes.length });
  });

  it('lets a platform admin upload for any organisation', async () => {
    const answer = await upload(tinyPng(), 'image/png', admin, ulid());
    expect(answer.status).toBe(201);
  });

  it('refuses a 3 MB file with 413 naming the image, and stores nothing', async () => {
    // Arrange: a real PNG signature, so only the size can be what is refused
    const before = storedFiles();
    const big = Buffer.concat([tinyPng(), Buffer.alloc(3 * 1024 * 1024)]);
    // Act
    const answer = await upload(big, 'image/png', provider);
    // Assert
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: '/api/v1/problems/payload-too-large', status: 413 });
    expect(answer.body.errors).toEqual([{ in: 'body', field: 'image', pointer: '/image', detail: 'The image may be at most 2 MB' }]);
    expect(storedFiles()).toEqual(before);
  });

  it.each([
    ['a text file sent as text', Buffer.from('Hello, I am not a picture\n'), 'text/plain', 'Upload a JPEG, PNG or WebP image'],
    ['a text file sent as a PNG', Buffer.from('Hello, I am not a picture\n'), 'image/png', 'The file is not a JPEG, PNG or WebP image'],
    ['an SVG sent as a PNG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png', 'The file is not a JPEG, PNG or WebP image'],
    ['a PNG sent as a JPEG', tinyPng(), 'image/jpeg', 'The file is a different type of image than it was sent as'],
    ['a JPEG sent as a WebP', tinyJpeg(), 'image/webp', 'The file is a different type of image than it was sent as'],
    ['an empty body', Buffer.alloc(0), 'image/png', 'The file is not a JPEG, PNG or WebP image'],
  ])('refuses %s with 415 naming the image, and stores nothing', async (_case, bytes, type, detail) => {
    const before = storedFiles();
    const answer = await upload(bytes, type, provider);
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ type: '/api/v1/problems/unsupported-media-type', status: 415 });
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'image', detail })]);
    expect(storedFiles()).toEqual(before);
  });

  it('refuses a signed-out upload with 401 and stores nothing', async () => {
    const before = storedFiles();
    const answer = await upload(tinyPng(), 'image/png');
    expect(answer.status).toBe(401);
    expect(storedFiles()).toEqual(before);
  });

  it('refuses a person in no organisation, and a member of another one, with 403 naming organisationId', async () => {
    const before = storedFiles();
    const noOrganisation = await upload(tinyPng(), 'image/png', outsider);
    const otherOrganisation = await upload(tinyPng(), 'image/png', otherProvider);
    for (const answer of [noOrganisation, otherOrganisation]) {
      expect(answer.status).toBe(403);
      expect(answer.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'organisationId' })]);
    }
    expect(storedFiles()).toEqual(before);
  });

  it('asks for the organisation the image is for', async () => {
    const response = await fetch(`${api.url}/api/v1/images`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', ...provider.authorization },
      body: new Uint8Array(tinyPng()),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([expect.objectContaining({ in: 'query', field: 'organisationId' })]);
  });
});

describe('serving uploaded images locally', () => {
  let web: Server;
  let port: number;

  beforeAll(async () => {
    // The same handler the local web server puts in front of SvelteKit; anything it leaves is a 418 here.
    const images = serveUploadedImages(uploads);
    web = createServer((req, res) => {
      if (images(req, res)) return;
      res.writeHead(418);
      res.end();
    });
    await new Promise<void>((done) => web.listen(0, '127.0.0.1', done));
    port = (web.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((done) => web.close(() => done())));

  /** A raw GET: fetch would resolve `..` before sending, which is exactly what must be tried here. */
  const get = (path: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((done, fail) => {
      request({ host: '127.0.0.1', port, path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', fail)
        .end();
    });

  it('serves an uploaded image at its URL with its type, a year of caching and nosniff', async () => {
    // Arrange
    const bytes = tinyWebp();
    const { url } = uploadedImage.parse((await upload(bytes, 'image/webp', provider)).body);
    // Act
    const served = await get(url);
    // Assert
    expect(served.status).toBe(200);
    expect(served.body).toEqual(bytes);
    expect(served.headers).toMatchObject({
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
  });

  it.each([
    '/images/../package.json',
    '/images/..%2f..%2fpackage.json',
    '/images/%2e%2e/package.json',
    `/images/${ulid()}.png`,
    `/images/${ulid()}.svg`,
    '/images/',
  ])('answers %s with 404', async (path) => {
    const served = await get(path);
    expect(served.status).toBe(404);
    expect(served.body.toString()).not.toContain('"name"');
  });

  it('leaves every other path to the web app', async () => {
    expect((await get('/package.json')).status).toBe(418);
  });
});
