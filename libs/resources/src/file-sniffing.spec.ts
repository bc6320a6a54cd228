import { crc32 } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { sniffFileType } from './file-sniffing.js';

/** A ZIP archive of stored (uncompressed) parts, in the given order. */
function storedZip(parts: readonly (readonly [name: string, content: string])[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const fileName = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('sniffFileType', () => {
  it('recognises PDF, PNG and JPEG from their first bytes', async () => {
    expect(await sniffFileType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('pdf');
    expect(await sniffFileType(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).toBe('png');
    expect(await sniffFileType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('jpeg');
  });

  it('refuses HTML, scripts and text whatever they claim to be', async () => {
    for (const content of [
      '<!doctype html><html><body>%PDF-1.4</body></html>',
      ' %PDF-1.4 (not at the start)',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '#!/bin/sh\nrm -rf /',
      '',
    ]) {
      expect({ content, type: await sniffFileType(Buffer.from(content)) }).toEqual({ content, type: undefined });
    }
  });

  it('tells OpenDocument files by their mimetype part, and only with their content part', async () => {
    const odf = (type: string, withContent = true) =>
      storedZip([
        ['mimetype', type],
        ...(withContent ? ([['content.xml', '<office:document-content/>']] as const) : []),
      ]);
    expect(await sniffFileType(odf('application/vnd.oasis.opendocument.text'))).toBe('odt');
    expect(await sniffFileType(odf('application/vnd.oasis.opendocument.spreadsheet'))).toBe('ods');
    expect(await sniffFileType(odf('application/vnd.oasis.opendocument.presentation'))).toBe('odp');
    expect(await sniffFileType(odf('application/vnd.oasis.opendocument.text', false))).toBeUndefined();
    expect(await sniffFileType(odf('application/vnd.oasis.opendocument.text-template'))).toBeUndefined();
    expect(await sniffFileType(odf('text/html'))).toBeUndefined();
  });

  it('tells Office Open XML packages by their main part', async () => {
    const ooxml = (part: string) =>
      storedZip([
        ['[Content_Types].xml', '<Types/>'],
        [part, '<root/>'],
      ]);
    expect(await sniffFileType(ooxml('word/document.xml'))).toBe('docx');
    expect(await sniffFileType(ooxml('xl/workbook.xml'))).toBe('xlsx');
    expect(await sniffFileType(ooxml('ppt/presentation.xml'))).toBe('pptx');
    expect(await sniffFileType(ooxml('index.html'))).toBeUndefined();
    expect(await sniffFileType(storedZip([['word/document.xml', '<w/>']]))).toBeUndefined();
  });

  it('refuses a damaged archive', async () => {
    const zip = storedZip([
      ['[Content_Types].xml', '<Types/>'],
      ['word/document.xml', '<w/>'],
    ]);
    expect(await sniffFileType(zip.subarray(0, zip.length - 30))).toBeUndefined();
  });
});
