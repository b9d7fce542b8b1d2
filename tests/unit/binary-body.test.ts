import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { recogniseImage } from '../../functions/domain/images.ts';
import { httpRoute } from '../../functions/http/middleware.ts';
import { defineRoutes } from '../../functions/http/route.ts';
import { toApiGatewayEvent } from '../../infra/local/api-server.ts';
import { tinyJpeg, tinyPng, tinyWebp } from '../setup/images.ts';

const routes = defineRoutes({
  upload: {
    method: 'POST',
    path: '/files',
    handler: 'unused',
    summary: '',
    tags: [],
    table: 'none',
    binaryBody: { types: ['image/png'], maxBytes: 10, field: 'file', messages: { unsupportedType: 'unsupportedImageType', tooLarge: 'imageTooLarge' } },
    responses: { 201: { description: '' } },
  },
});

const context = {} as Context;
const upload = httpRoute(routes.upload, ({ body }) => ({ received: body.toString('hex') }));
const post = (bytes: Buffer, contentType: string) =>
  upload(toApiGatewayEvent({ method: 'POST', url: '/files?lang=en', headers: { 'content-type': contentType } }, bytes) as APIGatewayProxyEventV2, context);

describe('a route that takes a binary body', () => {
  it('hands the use case the bytes API Gateway sent base64-encoded', async () => {
    const bytes = Buffer.from([0x89, 0x00, 0xff, 0x10]);
    const event = toApiGatewayEvent({ method: 'POST', url: '/files', headers: { 'content-type': 'image/png' } }, bytes);
    expect(event.isBase64Encoded).toBe(true);

    const result = await upload(event as APIGatewayProxyEventV2, context);

    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body!)).toEqual({ received: '8900ff10' });
  });

  it('refuses a Content-Type the route does not take with 415 naming the field', async () => {
    const result = await post(Buffer.from('{}'), 'application/json');
    expect(result.statusCode).toBe(415);
    expect(JSON.parse(result.body!).errors).toEqual([{ in: 'body', field: 'file', pointer: '/file', detail: 'Upload a JPEG, PNG or WebP image' }]);
  });

  it('counts the decoded bytes: 10 pass, 11 are a 413 naming the field', async () => {
    expect((await post(Buffer.alloc(10, 1), 'image/png; charset=binary')).statusCode).toBe(201);
    const tooMany = await post(Buffer.alloc(11, 1), 'image/png');
    expect(tooMany.statusCode).toBe(413);
    expect(JSON.parse(tooMany.body!).errors).toEqual([expect.objectContaining({ field: 'file', detail: 'The image may be at most 2 MB' })]);
  });
});

describe('recognising images by their bytes', () => {
  it('knows JPEG, PNG and WebP by their signatures', () => {
    expect(recogniseImage(tinyJpeg())).toBe('image/jpeg');
    expect(recogniseImage(tinyPng())).toBe('image/png');
    expect(recogniseImage(tinyWebp())).toBe('image/webp');
  });

  it.each([
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['HTML', '<!doctype html><p>hi'],
    ['a WAV (RIFF, but not WebP)', 'RIFF\u0024\u0000\u0000\u0000WAVEfmt '],
    ['a truncated PNG signature', '\u0089PNG'],
    ['nothing', ''],
  ])('does not take %s for an image', (_name, text) => {
    expect(recogniseImage(Buffer.from(text, 'latin1'))).toBeUndefined();
  });
});
