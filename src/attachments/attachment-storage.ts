import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadAt } from './attachment-types.js';

// Files live under <dir>/<first two hex>/<sha256>, one copy per content however
// many releases attach it. Uploads land in <dir>/.tmp and are renamed into place
// (same file system, so the rename is atomic): nobody ever reads a half-written file.

const SHA256 = /^[0-9a-f]{64}$/;
const HEAD_BYTES = 4096;

export interface Received {
  tempPath: string;
  sha256: string;
  size: number;
  /** The first bytes, for recognising the content. */
  head: Buffer;
  /** More bytes came than the limit allows. */
  tooLarge: boolean;
}

export class AttachmentStorage {
  // Storing and removing one content must not interleave: a removal that saw no
  // reference could otherwise delete a file an upload has just placed.
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  blobPath(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(path.resolve(this.dir), sha256.slice(0, 2), sha256);
  }

  /** Streams an upload to a temporary file, hashing and counting as it goes. */
  async receive(stream: Readable, truncated: () => boolean = () => false): Promise<Received> {
    const tmpDir = path.join(path.resolve(this.dir), '.tmp');
    await fsp.mkdir(tmpDir, { recursive: true });
    const tempPath = path.join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    const headChunks: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    let tooLarge = false;
    const maxBytes = this.maxBytes;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) {
          tooLarge = true;
          // Keep draining the upload without writing it: the request must end cleanly.
          return callback();
        }
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(stream, meter, fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o640 }));
      if (!tooLarge && !truncated()) {
        const handle = await fsp.open(tempPath, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
    } catch (error) {
      await fsp.rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, sha256: hash.digest('hex'), size, head: Buffer.concat(headChunks), tooLarge: tooLarge || truncated() };
  }

  /** Random access to a received file, for looking inside ZIP containers. */
  async withReader<T>(file: string, use: (readAt: ReadAt) => Promise<T>): Promise<T> {
    const handle = await fsp.open(file, 'r');
    try {
      return await use(async (offset, length) => {
        if (offset < 0 || length <= 0) return Buffer.alloc(0);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      });
    } finally {
      await handle.close();
    }
  }

  async discard(tempPath: string): Promise<void> {
    await fsp.rm(tempPath, { force: true });
  }

  /**
   * Puts a received file in its content-addressed place, then runs `record`
   * (which writes the row); the same content already stored is kept and the
   * new copy dropped.
   */
  async commit<T>(received: Received, record: () => Promise<T>): Promise<T> {
    return this.locked(received.sha256, async () => {
      const target = this.blobPath(received.sha256);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const exists = await fsp.stat(target).then(
        (s) => s.size === received.size,
        () => false,
      );
      if (exists) await this.discard(received.tempPath);
      else await fsp.rename(received.tempPath, target);
      return record();
    });
  }

  /** Removes a stored content when `stillUsed` says nothing refers to it any more. */
  async release(sha256: string, stillUsed: () => Promise<boolean>): Promise<void> {
    await this.locked(sha256, async () => {
      if (!(await stillUsed())) await fsp.rm(this.blobPath(sha256), { force: true });
    });
  }

  /** A stream of a stored content, or null when the file is missing. */
  async open(sha256: string): Promise<Readable | null> {
    const file = this.blobPath(sha256);
    try {
      await fsp.access(file, fs.constants.R_OK);
    } catch {
      return null;
    }
    return fs.createReadStream(file);
  }

  private async locked<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}
