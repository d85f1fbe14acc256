// The data plane: each diskful volume is a sparse file; snapshots are frozen copies. Resync,
// restore and rollback copy files. Reads of a volume that was never written return zeros.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const CHUNK = 1024 * 1024;
const ZERO = Buffer.alloc(CHUNK);

export class DataPlane {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  volPath(rd: string, node: string, vlmNr: number): string {
    return path.join(this.dir, "volumes", rd, node, `${vlmNr}.img`);
  }

  snapPath(rd: string, snap: string, node: string, vlmNr: number): string {
    return path.join(this.dir, "snapshots", rd, snap, node, `${vlmNr}.img`);
  }

  write(file: string, offset: number, data: Buffer, sizeBytes: number): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, fs.existsSync(file) ? "r+" : "w+");
    try {
      if (fs.fstatSync(fd).size !== sizeBytes) fs.ftruncateSync(fd, sizeBytes);
      fs.writeSync(fd, data, 0, data.length, offset);
    } finally {
      fs.closeSync(fd);
    }
  }

  read(file: string, offset: number, length: number): Buffer {
    const out = Buffer.alloc(length);
    if (!fs.existsSync(file)) return out;
    const fd = fs.openSync(file, "r");
    try {
      fs.readSync(fd, out, 0, length, offset);
    } finally {
      fs.closeSync(fd);
    }
    return out;
  }

  /** sha256 of the whole volume (sizeBytes long; missing file = zeros). */
  checksum(file: string, sizeBytes: number): string {
    const h = crypto.createHash("sha256");
    const exists = fs.existsSync(file);
    const fd = exists ? fs.openSync(file, "r") : -1;
    const buf = Buffer.alloc(CHUNK);
    try {
      for (let pos = 0; pos < sizeBytes; pos += CHUNK) {
        const n = Math.min(CHUNK, sizeBytes - pos);
        if (fd < 0) {
          h.update(ZERO.subarray(0, n));
          continue;
        }
        const got = fs.readSync(fd, buf, 0, n, pos);
        if (got < n) buf.fill(0, got, n);
        h.update(buf.subarray(0, n));
      }
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
    return h.digest("hex");
  }

  /** Sparse-preserving copy: all-zero chunks stay holes. A missing source removes the target. */
  copy(src: string, dst: string, sizeBytes?: number): void {
    if (!fs.existsSync(src)) {
      this.remove(dst);
      return;
    }
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    const tmp = `${dst}.tmp`;
    const size = sizeBytes ?? fs.statSync(src).size;
    const sfd = fs.openSync(src, "r");
    const dfd = fs.openSync(tmp, "w");
    const buf = Buffer.alloc(CHUNK);
    try {
      fs.ftruncateSync(dfd, size);
      for (let pos = 0; pos < size; pos += CHUNK) {
        const n = fs.readSync(sfd, buf, 0, Math.min(CHUNK, size - pos), pos);
        if (n <= 0) break;
        if (!buf.subarray(0, n).equals(ZERO.subarray(0, n))) fs.writeSync(dfd, buf, 0, n, pos);
      }
    } finally {
      fs.closeSync(sfd);
      fs.closeSync(dfd);
    }
    fs.renameSync(tmp, dst);
  }

  /** Grows (or sets) the volume size of an existing file. */
  resize(file: string, sizeBytes: number): void {
    if (fs.existsSync(file)) fs.truncateSync(file, sizeBytes);
  }

  /** KiB really allocated by the sparse file (thin-pool accounting). */
  allocatedKib(file: string): number {
    if (!fs.existsSync(file)) return 0;
    return Math.ceil((fs.statSync(file).blocks * 512) / 1024);
  }

  remove(file: string): void {
    fs.rmSync(file, { force: true });
  }

  removeSnapshot(rd: string, snap: string): void {
    fs.rmSync(path.join(this.dir, "snapshots", rd, snap), { recursive: true, force: true });
  }

  removeTree(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
