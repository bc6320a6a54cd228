export interface ZipEntry {
  name: string;
  data?: Buffer;
  deflated?: Buffer;
  size?: number;
  crc?: number;
  stored?: boolean;
}
export function crc32(data: Uint8Array): number;
export function zipArchive(entries: ZipEntry[]): Buffer;
export function xlsxOf(rows: string[][]): Buffer;
export function xlsxBomb(options: { mebibytes: number; declaredBytes?: number }): Buffer;
