// ZIP archives written by hand, for the tests and the benchmark of XLSX
// imports: well-formed ones, ones whose directory lies about their sizes, and
// a decompression bomb (an XLSX workbook whose sheet inflates to gigabytes).
import { constants, deflateRawSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc >>> 0;
});

/** CRC-32 of `data`, as ZIP stores it. */
export function crc32(data) {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A ZIP archive of `entries`, each `{ name, data }` (deflated here) or
 * `{ name, deflated, size, crc }` (raw deflate bytes given as they are, with
 * the unpacked size and CRC the archive declares for them: they may lie).
 * `stored: true` keeps `data` uncompressed.
 */
export function zipArchive(entries) {
  const locals = [];
  const directory = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.stored ? 0 : 8;
    const body = entry.deflated ?? (entry.stored ? entry.data : deflateRawSync(entry.data));
    const size = entry.size ?? entry.data.length;
    const crc = entry.crc ?? (entry.data ? crc32(entry.data) : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    local.copy(central, 6, 4, 30); // version needed … name length, then extra length 0
    central.writeUInt16LE(0, 32); // comment length
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    directory.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The parts of a one-sheet workbook, around the sheet's XML. */
function workbookParts() {
  return [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '</Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        `${XML}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `${XML}<workbook xmlns="${MAIN}" xmlns:r="${OFFICE}"><sheets><sheet name="Acteurs" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `${XML}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
  ];
}

/** A one-sheet XLSX workbook whose sheet holds `rows` (arrays of strings, inline). */
export function xlsxOf(rows) {
  const cell = (value, column, line) =>
    `<c r="${String.fromCharCode(65 + column)}${line}" t="inlineStr"><is><t>${value}</t></is></c>`;
  const sheet =
    `${XML}<worksheet xmlns="${MAIN}"><sheetData>` +
    rows
      .map(
        (row, index) =>
          `<row r="${index + 1}">${row.map((value, column) => cell(value, column, index + 1)).join('')}</row>`,
      )
      .join('') +
    '</sheetData></worksheet>';
  return zipArchive([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) }]);
}

const MIB = 1024 * 1024;

/**
 * A decompression bomb: a well-formed XLSX workbook whose sheet is a header
 * row, then `mebibytes` MiB of spaces between its rows (valid XML), deflated
 * to about a thousandth of that (a 1 MiB block compressed once, with a full
 * flush, and repeated). With `declaredBytes` its directory claims that unpacked
 * size for the sheet instead of the real one. The sheet's CRC is left at 0:
 * readers check it, if at all, only once everything is inflated.
 */
export function xlsxBomb({ mebibytes, declaredBytes }) {
  const head = Buffer.from(
    `${XML}<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row>`,
  );
  const tail = Buffer.from('</sheetData></worksheet>');
  const flushed = (data) => deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH });
  const spaces = flushed(Buffer.alloc(MIB, 0x20));
  const deflated = Buffer.concat([
    flushed(head),
    ...Array.from({ length: mebibytes }, () => spaces),
    deflateRawSync(tail),
  ]);
  const size = head.length + mebibytes * MIB + tail.length;
  return zipArchive([
    ...workbookParts(),
    { name: 'xl/worksheets/sheet1.xml', deflated, size: declaredBytes ?? size, crc: 0 },
  ]);
}
