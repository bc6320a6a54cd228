import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import { frenchBytes, frenchCount, IMPORT_LIMITS, SpreadsheetError } from './import-limits.js';

export interface ZipLimits {
  entries: number;
  unpackedEntryBytes: number;
  unpackedTotalBytes: number;
  compressionRatio: number;
  ratioExemptBytes: number;
}

/** What the central directory says of one part. */
export interface ZipEntryInfo {
  name: string;
  compressedBytes: number;
  /** Declared, not trusted: reading a part stops once it inflates past this. */
  unpackedBytes: number;
}

const DEFAULT_LIMITS: ZipLimits = { ...IMPORT_LIMITS, entries: IMPORT_LIMITS.zipEntries };

function refused(reason: string): SpreadsheetError {
  return new SpreadsheetError(`Fichier XLSX refusé : ${reason}`, 'archive_too_large');
}

/** A part's name as it may be shown back (it comes from the file: no control characters, not too long). */
function shown(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be echoed
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return `« ${clean.length > 80 ? `${clean.slice(0, 80)}…` : clean} »`;
}

/** Counts the bytes a part actually inflates to, and fails the read as soon as one bound is crossed. */
class InflatedBytes extends Transform {
  private seen = 0;

  constructor(
    private readonly entry: ZipEntryInfo,
    private readonly limit: number,
    private readonly budget: { remaining: number; total: number },
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    this.budget.remaining -= chunk.length;
    if (this.seen > this.entry.unpackedBytes) {
      done(
        refused(
          `la partie ${shown(this.entry.name)} décompressée dépasse la taille qu’annonce l’archive ` +
            `(${frenchBytes(this.entry.unpackedBytes)}).`,
        ),
      );
    } else if (this.seen > this.limit) {
      done(refused(`la partie ${shown(this.entry.name)} dépasse ${frenchBytes(this.limit)} décompressée.`));
    } else if (this.budget.remaining < 0) {
      done(refused(`décompressé, le fichier dépasse ${frenchBytes(this.budget.total)}.`));
    } else {
      done(null, chunk);
    }
  }
}

/**
 * An XLSX file's ZIP archive, checked from its central directory before
 * anything is inflated (number of parts, declared unpacked sizes, compression
 * ratio), whose parts are then read as streams that stop as soon as they
 * inflate past what they declared or past the limits (declared sizes can lie).
 */
export class ZipArchive {
  private readonly open = new Set<Readable>();
  private readonly budget: { remaining: number; total: number };

  private constructor(
    private readonly zip: ZipFile,
    private readonly byName: Map<string, Entry>,
    private readonly limits: ZipLimits,
  ) {
    this.budget = { remaining: limits.unpackedTotalBytes, total: limits.unpackedTotalBytes };
  }

  /** Opens and checks an archive; a refusal or an unreadable archive is a SpreadsheetError. */
  static async inspect(content: Buffer, limits: ZipLimits = DEFAULT_LIMITS): Promise<ZipArchive> {
    let zip: ZipFile;
    try {
      zip = await fromBufferPromise(content, { lazyEntries: true, validateEntrySizes: false });
    } catch {
      throw new SpreadsheetError('Fichier XLSX illisible.');
    }
    try {
      if (zip.entryCount > limits.entries) {
        throw refused(
          `l’archive compte ${frenchCount(zip.entryCount)} parties, ${frenchCount(limits.entries)} au plus.`,
        );
      }
      const entries = await readDirectory(zip);
      check(entries, limits);
      const byName = new Map<string, Entry>();
      for (const entry of entries) if (!byName.has(entry.fileName)) byName.set(entry.fileName, entry);
      return new ZipArchive(zip, byName, limits);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  get entries(): ZipEntryInfo[] {
    return [...this.byName.values()].map(info);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** A part's inflated bytes, bounded; undefined when the archive has no such part. */
  async read(name: string): Promise<Readable | undefined> {
    const entry = this.byName.get(name);
    if (!entry) return undefined;
    if (entry.isEncrypted()) throw new SpreadsheetError('Fichier XLSX illisible : il est chiffré.');
    let source: Readable;
    try {
      source = await this.zip.openReadStreamPromise(entry);
    } catch {
      throw new SpreadsheetError('Fichier XLSX illisible.');
    }
    const bounded = pipeline(
      source,
      new InflatedBytes(info(entry), this.limits.unpackedEntryBytes, this.budget),
      () => undefined,
    );
    this.open.add(source).add(bounded);
    return bounded;
  }

  /** Stops every read still under way and releases the archive. */
  close(): void {
    for (const stream of this.open) stream.destroy();
    this.open.clear();
    this.zip.close();
  }
}

function info(entry: Entry): ZipEntryInfo {
  return { name: entry.fileName, compressedBytes: entry.compressedSize, unpackedBytes: entry.uncompressedSize };
}

function readDirectory(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', () => reject(new SpreadsheetError('Fichier XLSX illisible.')));
    zip.readEntry();
  });
}

/** The bounds, on what the central directory declares: nothing is inflated yet. */
function check(entries: Entry[], limits: ZipLimits): void {
  let total = 0;
  for (const entry of entries) {
    const declared = entry.uncompressedSize;
    total += declared;
    if (declared > limits.unpackedEntryBytes) {
      throw refused(
        `la partie ${shown(entry.fileName)} occuperait ${frenchBytes(declared)} décompressée, ` +
          `${frenchBytes(limits.unpackedEntryBytes)} au plus.`,
      );
    }
    const ratio = declared / Math.max(1, entry.compressedSize);
    if (declared > limits.ratioExemptBytes && ratio > limits.compressionRatio) {
      throw refused(
        `la partie ${shown(entry.fileName)} est compressée ${frenchCount(Math.round(ratio))} fois, ` +
          `${frenchCount(limits.compressionRatio)} fois au plus (bombe de décompression).`,
      );
    }
  }
  if (total > limits.unpackedTotalBytes) {
    throw refused(
      `décompressé, il occuperait ${frenchBytes(total)}, ${frenchBytes(limits.unpackedTotalBytes)} au plus.`,
    );
  }
}
