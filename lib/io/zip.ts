/**
 * The zip container of `torch.save`'s format: uncompressed ("stored") entries, read from and
 * written to bytes. torch writes every record stored, its data aligned to 64 bytes by padding
 * in the local header's extra field; this module reads any stored archive and writes the same
 * layout. Compressed entries and zip64 archives (over 4 GiB) are refused with a clear error.
 *
 * @module
 */

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const ALIGN = 64;

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, as zip uses) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Reads the records of a stored zip archive: name → bytes (views into `bytes`, no copy). */
export function readZip(bytes: Uint8Array, where: string): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  // The end record is the last 22 bytes unless the archive has a comment (up to 65535 bytes).
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    throw new Error(
      `${where}: not a zip archive (no end-of-central-directory record); torch.save has written zip files since PyTorch 1.6 — re-save a legacy file with torch.save(torch.load(f), f2) in PyTorch`,
    );
  }
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) {
    throw new Error(`${where}: zip64 archives (over 4 GiB or 65535 records) are not supported`);
  }
  const out = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (view.getUint32(at, true) !== CENTRAL) {
      throw new Error(`${where}: corrupt zip archive (bad central directory entry ${k})`);
    }
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (method !== 0) {
      throw new Error(
        `${where}: record ${
          JSON.stringify(name)
        } is compressed (method ${method}); torch.save writes uncompressed records, and only those are read`,
      );
    }
    if (view.getUint32(local, true) !== LOCAL) {
      throw new Error(
        `${where}: corrupt zip archive (bad local header of ${JSON.stringify(name)})`,
      );
    }
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + size > bytes.length) {
      throw new Error(`${where}: corrupt zip archive (${JSON.stringify(name)} runs past the end)`);
    }
    const data = bytes.subarray(start, start + size);
    if (crc32(data) !== crc) {
      throw new Error(`${where}: corrupt zip archive (CRC mismatch in ${JSON.stringify(name)})`);
    }
    out.set(name, data);
  }
  return out;
}

/** Writes records into a stored zip archive, each record's data aligned to 64 bytes. */
export function writeZip(records: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of records) {
    const nameBytes = encoder.encode(name);
    // Pad the extra field (id "FB", as torch's writer) so the data starts on a 64-byte boundary.
    const headerEnd = offset + 30 + nameBytes.length + 4;
    const pad = (ALIGN - (headerEnd % ALIGN)) % ALIGN;
    const extra = new Uint8Array(4 + pad);
    new DataView(extra.buffer).setUint16(0, 0x4246, true);
    new DataView(extra.buffer).setUint16(2, pad, true);
    extra.fill(0x5a, 4);
    if (data.length > 0xfffffffe || offset > 0xfffffffe) {
      throw new RangeError("save: archives over 4 GiB (zip64) are not supported");
    }
    const crc = crc32(data);
    const local = new Uint8Array(30);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, extra.length, true);
    parts.push(local, nameBytes, extra, data);
    const entry = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(entry.buffer);
    cv.setUint32(0, CENTRAL, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    entry.set(nameBytes, 46);
    central.push(entry);
    offset += 30 + nameBytes.length + extra.length + data.length;
  }
  const centralSize = central.reduce((n, e) => n + e.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, END, true);
  ev.setUint16(8, records.length, true);
  ev.setUint16(10, records.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
