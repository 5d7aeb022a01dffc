// A small PNG decoder (8-bit RGB/RGBA, not interlaced: what Chromium writes) and a tolerant pixel comparison for the layout baselines.
import { inflateSync } from "node:zlib";

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row by row. */
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a PNG: chunks IHDR and IDAT, zlib inflate, then undo the per-row filter (none, sub, up, average, Paeth). */
export function decodePng(file: Buffer): Image {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG file");
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString("latin1", offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colourType = data[9] as number;
      if (depth !== 8 || (colourType !== 2 && colourType !== 6) || data[12] !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${data[12]}`);
      }
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  const bpp = colourType === 6 ? 4 : 3;
  const stride = width * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] as number;
      const a = x >= bpp ? (pixels[row + x - bpp] as number) : 0;
      const b = y > 0 ? (pixels[row - stride + x] as number) : 0;
      const c = x >= bpp && y > 0 ? (pixels[row - stride + x - bpp] as number) : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) predicted = paeth(a, b, c);
      else if (filter !== 0) throw new Error(`bad PNG filter ${filter} in row ${y}`);
      pixels[row + x] = (value + predicted) & 0xff;
    }
  }
  if (bpp === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    rgba[j] = pixels[i] as number;
    rgba[j + 1] = pixels[i + 1] as number;
    rgba[j + 2] = pixels[i + 2] as number;
    rgba[j + 3] = 255;
  }
  return { width, height, rgba };
}

export interface ImageDifference {
  sameSize: boolean;
  /** Share of pixels whose colour differs by more than `tolerance` in some channel (0..1). */
  changedShare: number;
  /** Share of pixels that are not white in each image: ink coverage, a coarse check of what is on the page. */
  ink: [number, number];
}

/** Compares two images pixel by pixel, forgiving anti-aliasing noise below `tolerance` (0..255) per channel. */
export function compareImages(a: Image, b: Image, tolerance = 48): ImageDifference {
  const ink = (img: Image) => {
    let count = 0;
    for (let i = 0; i < img.rgba.length; i += 4) {
      if ((img.rgba[i] as number) + (img.rgba[i + 1] as number) + (img.rgba[i + 2] as number) < 720) count++;
    }
    return count / (img.width * img.height);
  };
  if (a.width !== b.width || a.height !== b.height)
    return { sameSize: false, changedShare: 1, ink: [ink(a), ink(b)] };
  let changed = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    if (
      Math.abs((a.rgba[i] as number) - (b.rgba[i] as number)) > tolerance ||
      Math.abs((a.rgba[i + 1] as number) - (b.rgba[i + 1] as number)) > tolerance ||
      Math.abs((a.rgba[i + 2] as number) - (b.rgba[i + 2] as number)) > tolerance
    ) {
      changed++;
    }
  }
  return { sameSize: true, changedShare: changed / (a.width * a.height), ink: [ink(a), ink(b)] };
}
