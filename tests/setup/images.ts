import { crc32, deflateSync } from 'node:zlib';

/**
 * Tiny valid images (one red pixel each), built from their bytes so tests need no fixture
 * files. Each decodes in Chromium.
 */

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const uint32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const uint32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  return Buffer.concat([uint32be(data.length), typeAndData, uint32be(crc32(typeAndData))]);
}

/** 1×1 truecolour PNG: signature, IHDR, one deflated scanline (filter 0, RGB), IEND. */
export const tinyPng = (): Buffer =>
  Buffer.concat([
    hex('89504e470d0a1a0a'),
    pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0xcc, 0x33, 0x33]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);

/** 1×1 baseline JPEG: quantisation tables, frame, Huffman tables, one scan (as Chromium's encoder wrote it). */
export const tinyJpeg = (): Buffer =>
  Buffer.concat([
    hex('ffd8'),
    hex(`ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763`),
    hex(`ffdb0043011112121815182f1a1a2f634238426363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363`),
    hex('ffc00011080001000103012200021101031101'),
    hex('ffc4001500010100000000000000000000000000000005'),
    hex('ffc40014100100000000000000000000000000000000'),
    hex('ffc4001501010100000000000000000000000000000406'),
    hex('ffc40014110100000000000000000000000000000000'),
    hex('ffda000c03010002110311003f009e006a47'),
    hex('ffd9'),
  ]);

/** 1×1 lossless WebP: a RIFF container holding one VP8L chunk (odd length, so one pad byte). */
export function tinyWebp(): Buffer {
  const vp8l = hex('2f0000000007d0993277a6ff8188e87f00');
  const body = Buffer.concat([Buffer.from('WEBP'), Buffer.from('VP8L'), uint32le(vp8l.length), vp8l, Buffer.alloc(1)]);
  return Buffer.concat([Buffer.from('RIFF'), uint32le(body.length), body]);
}
