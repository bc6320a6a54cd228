import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import type { ResourceFileType } from '@maillage/contract';

const startsWith = (content: Buffer, signature: number[] | string, at = 0): boolean => {
  const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return content.length >= at + bytes.length && content.subarray(at, at + bytes.length).equals(bytes);
};

/** OpenDocument: the archive's first part is `mimetype`, stored uncompressed (ODF 1.2, §3.3). */
const OPEN_DOCUMENT: Record<string, ResourceFileType> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

/** Office Open XML: the main part each kind of package must have, beside `[Content_Types].xml`. */
const OFFICE_OPEN_XML: [part: string, type: ResourceFileType][] = [
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
  ['ppt/presentation.xml', 'pptx'],
];

/** The names in a ZIP archive's central directory (nothing is inflated). */
async function zipPartNames(content: Buffer): Promise<Set<string>> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(content, { lazyEntries: true, validateEntrySizes: false });
  } catch {
    return new Set();
  }
  try {
    return await new Promise<Set<string>>((resolve) => {
      const names = new Set<string>();
      zip.on('entry', (entry: Entry) => {
        names.add(entry.fileName);
        if (names.size > 10_000) resolve(names);
        else zip.readEntry();
      });
      zip.once('end', () => resolve(names));
      zip.once('error', () => resolve(new Set()));
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/**
 * What a file is, from its content (magic numbers and, for office documents, the archive's
 * structure), never from its name or the type its sender claims; undefined when it is none
 * of the types the centre accepts (an HTML page renamed `.pdf` included).
 */
export async function sniffFileType(content: Buffer): Promise<ResourceFileType | undefined> {
  if (startsWith(content, '%PDF-')) return 'pdf';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (!startsWith(content, [0x50, 0x4b, 0x03, 0x04])) return undefined;
  if (startsWith(content, 'mimetype', 30)) {
    const declared = content.subarray(38, 38 + 80).toString('latin1');
    const match = Object.keys(OPEN_DOCUMENT).find(
      (type) => declared.startsWith(type) && !/^[a-z.-]/.test(declared.slice(type.length, type.length + 1)),
    );
    if (match && (await zipPartNames(content)).has('content.xml')) return OPEN_DOCUMENT[match];
    return undefined;
  }
  const names = await zipPartNames(content);
  if (!names.has('[Content_Types].xml')) return undefined;
  return OFFICE_OPEN_XML.find(([part]) => names.has(part))?.[1];
}
