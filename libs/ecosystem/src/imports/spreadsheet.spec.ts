import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { xlsxBomb, xlsxOf, zipArchive } from '../../../../bench/lib/zip.mjs';
import { IMPORT_LIMITS, SpreadsheetError } from './import-limits.js';
import { readSpreadsheet, receiveSpreadsheet } from './spreadsheet.js';
import { ZipArchive } from './zip-archive.js';

const MIB = 1024 * 1024;

async function refusal(work: Promise<unknown>): Promise<SpreadsheetError> {
  const error = await work.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SpreadsheetError);
  return error as SpreadsheetError;
}

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe('ZipArchive: an XLSX archive checked before anything is inflated', () => {
  it('refuses an archive with too many parts', async () => {
    const parts = Array.from({ length: IMPORT_LIMITS.zipEntries + 1 }, (_, index) => ({
      name: `xl/media/image${index}.bin`,
      data: Buffer.from('x'),
    }));
    const error = await refusal(ZipArchive.inspect(zipArchive(parts)));
    expect(error.code).toBe('archive_too_large');
    expect(error.message).toBe('Fichier XLSX refusé : l’archive compte 1\u202f001 parties, 1\u202f000 au plus.');
  });

  it('refuses a part that declares more than the limit unpacked, from the directory alone', async () => {
    const error = await refusal(ZipArchive.inspect(xlsxBomb({ mebibytes: 1100 })));
    expect(error.code).toBe('archive_too_large');
    expect(error.message).toBe(
      'Fichier XLSX refusé : la partie « xl/worksheets/sheet1.xml » occuperait 1 Gio décompressée, 64 Mio au plus.',
    );
  });

  it('refuses a part compressed more than the ratio allows', async () => {
    const zeros = Buffer.alloc(2 * MIB);
    const error = await refusal(ZipArchive.inspect(zipArchive([{ name: 'xl/worksheets/sheet1.xml', data: zeros }])));
    expect(error.message).toMatch(
      /^Fichier XLSX refusé : la partie « xl\/worksheets\/sheet1\.xml » est compressée [\d\u202f]+ fois, 100 fois au plus/,
    );
    // Small parts compress as well as they like.
    await expect(ZipArchive.inspect(zipArchive([{ name: 'a.xml', data: Buffer.alloc(MIB) }]))).resolves.toBeDefined();
  });

  it('refuses an archive whose parts together declare more than the limit', async () => {
    // Three parts of 50 MiB each (under the per-part limit), compressed 80 times (under the ratio).
    const part = (index: number) => ({ name: `part${index}`, deflated: randomBytes(640 * 1024), size: 50 * MIB });
    const error = await refusal(ZipArchive.inspect(zipArchive([part(1), part(2), part(3)])));
    expect(error.message).toBe('Fichier XLSX refusé : décompressé, il occuperait 150 Mio, 128 Mio au plus.');
  });

  it('stops reading a part as soon as it inflates past the size it declared', async () => {
    const lying = xlsxBomb({ mebibytes: 1100, declaredBytes: 4096 });
    const archive = await ZipArchive.inspect(lying);
    expect(archive.entries.find((entry) => entry.name === 'xl/worksheets/sheet1.xml')).toMatchObject({
      unpackedBytes: 4096,
    });
    let inflated = 0;
    const read = (async () => {
      for await (const chunk of (await archive.read('xl/worksheets/sheet1.xml'))!) inflated += (chunk as Buffer).length;
    })();
    const error = await refusal(read);
    archive.close();
    expect(error.message).toBe(
      'Fichier XLSX refusé : la partie « xl/worksheets/sheet1.xml » décompressée dépasse la taille qu’annonce ' +
        'l’archive (4 Kio).',
    );
    expect(inflated).toBeLessThanOrEqual(4096);
    // The same file through the import's reader: the same refusal.
    expect((await refusal(readSpreadsheet(lying, 'xlsx'))).message).toContain('dépasse la taille qu’annonce');
  });

  it('calls anything that is not a ZIP archive unreadable', async () => {
    const error = await refusal(ZipArchive.inspect(Buffer.from('not a workbook')));
    expect(error).toMatchObject({ code: 'unreadable_file', message: 'Fichier XLSX illisible.' });
    const corrupt = zipArchive([{ name: 'xl/workbook.xml', deflated: Buffer.from([0xff, 0xff, 0xff]), size: 10 }]);
    expect((await refusal(readSpreadsheet(corrupt, 'xlsx'))).code).toBe('unreadable_file');
  });
});

describe('readSpreadsheet: the first sheet, read as a stream', () => {
  it('reads what exceljs writes: shared strings, numbers, dates, formulas, rich text, the first sheet only', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Acteurs');
    workbook.addWorksheet('Autre').addRow(['Ignorée']);
    sheet.addRow(['Nom', 'Création', 'Salariés', 'Total', 'Site', '']);
    sheet.addRow([
      'Coopérative',
      new Date(Date.UTC(2024, 2, 15)),
      12,
      { formula: 'C2*2', result: 24 },
      { text: 'exemple.fr', hyperlink: 'https://exemple.fr' },
    ]);
    sheet.addRow([]);
    sheet.addRow([
      { richText: [{ text: 'Atelier ' }, { text: 'vélo', font: { bold: true } }] },
      null,
      null,
      null,
      null,
    ]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(readSpreadsheet(content, 'xlsx')).resolves.toEqual({
      columns: ['Nom', 'Création', 'Salariés', 'Total', 'Site'],
      rows: [
        ['Coopérative', '2024-03-15', '12', '24', 'exemple.fr'],
        ['Atelier vélo', '', '', '', ''],
      ],
      lines: [2, 4],
      misaligned: new Map(),
    });
  });

  it('refuses more rows or columns than an import holds, in XLSX and CSV alike', async () => {
    const header = ['Nom', 'Catégorie'];
    const rows = (count: number) => Array.from({ length: count }, (_, index) => [`Structure ${index}`, 'association']);
    const csv = (count: number) => Buffer.from([header, ...rows(count)].map((row) => row.join(';')).join('\n'));
    expect((await readSpreadsheet(xlsxOf([header, ...rows(IMPORT_LIMITS.rows)]), 'xlsx')).rows).toHaveLength(
      IMPORT_LIMITS.rows,
    );
    expect((await readSpreadsheet(csv(IMPORT_LIMITS.rows), 'csv')).rows).toHaveLength(IMPORT_LIMITS.rows);
    for (const error of [
      await refusal(readSpreadsheet(xlsxOf([header, ...rows(IMPORT_LIMITS.rows + 1)]), 'xlsx')),
      await refusal(readSpreadsheet(csv(IMPORT_LIMITS.rows + 1), 'csv')),
    ]) {
      expect(error).toMatchObject({
        code: 'too_many_rows',
        message: 'Le fichier compte plus de 20\u202f000 lignes : 20\u202f000 au plus par import.',
      });
    }
    const wide = Array.from({ length: IMPORT_LIMITS.columns + 1 }, (_, index) => `Colonne ${index}`);
    const error = await refusal(readSpreadsheet(Buffer.from(`${wide.join(';')}\nA;B`), 'csv'));
    expect(error).toMatchObject({ code: 'too_many_columns' });
  });

  it('reads a French CSV export: BOM, semicolons, quoted line breaks, blank lines', async () => {
    const content = Buffer.from('\uFEFF\n\nNom;Description\n"Atelier";"Deux\nlignes"\n;\n"Café; solidaire";ok\n');
    await expect(readSpreadsheet(content, 'csv')).resolves.toEqual({
      columns: ['Nom', 'Description'],
      rows: [
        ['Atelier', 'Deux\nlignes'],
        ['Café; solidaire', 'ok'],
      ],
      lines: [4, 7],
      misaligned: new Map(),
    });
    expect((await refusal(readSpreadsheet(Buffer.from('a;b\n"unterminated;x\n'), 'csv'))).code).toBe('unreadable_file');
  });
});

describe('readSpreadsheet: CSV as Excel saves it for French users', () => {
  it('reads Windows-1252 (Excel’s « CSV séparateur point-virgule »), and UTF-8 with accents unchanged', async () => {
    const text = 'Nom;Catégorie;Ville\r\nŒuvre des Pénates;Fondation / fonds de dotation;Saint-Étienne\r\n';
    const windows1252 = Buffer.from([...text].map((character) => (character === 'Œ' ? 0x8c : character.charCodeAt(0))));
    for (const content of [windows1252, Buffer.from(text, 'utf8')]) {
      const sheet = await readSpreadsheet(content, 'csv');
      expect(sheet).toEqual({
        columns: ['Nom', 'Catégorie', 'Ville'],
        rows: [['Œuvre des Pénates', 'Fondation / fonds de dotation', 'Saint-Étienne']],
        lines: [2],
        misaligned: new Map(),
      });
    }
    const received = await receiveSpreadsheet(chunks(windows1252.subarray(0, 9), windows1252.subarray(9)), 'csv', MIB);
    expect(received.columns).toEqual(['Nom', 'Catégorie', 'Ville']);
  });
});

describe('readSpreadsheet: CSV as people type it, and what cannot be read, said in French', () => {
  it('reads a quote inside a value as part of it', async () => {
    const content = Buffer.from(
      'Nom;Catégorie\nAsso "Le Relais" Grenoble;Association\n"Le Relais" Isère ;Association\n"Café; solidaire";ok\n',
    );
    expect((await readSpreadsheet(content, 'csv')).rows).toEqual([
      ['Asso "Le Relais" Grenoble', 'Association'],
      ['"Le Relais" Isère', 'Association'],
      ['Café; solidaire', 'ok'],
    ]);
  });

  it('tells an unclosed quote in French, at the line of the file where it opens', async () => {
    const lines = ['Nom;Catégorie', '', 'Atelier;"Deux', 'lignes"', '"Asso;Association', 'Café;association', ''];
    for (const newline of ['\n', '\r\n', '\r']) {
      const error = await refusal(readSpreadsheet(Buffer.from(`\uFEFF${lines.join(newline)}`), 'csv'));
      expect(error).toMatchObject({
        code: 'unreadable_file',
        message:
          'Fichier CSV illisible : un guillemet (") ouvert à la ligne 5 n’est jamais refermé. ' +
          'Refermez-le, ou doublez les guillemets qui font partie d’une valeur ("").',
      });
    }
    const upload = await refusal(
      receiveSpreadsheet(
        chunks(...[...Buffer.from(lines.join('\r\n'))].map((byte) => Buffer.from([byte]))),
        'csv',
        MIB,
      ),
    );
    expect(upload.message).toContain('à la ligne 5 n’est jamais refermé');
  });

  it('calls a binary file sent as CSV what it is', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Acteurs').addRow(['Nom', 'Catégorie']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const utf16 = Buffer.from('\uFEFFNom;Catégorie\r\nA;association\r\n', 'utf16le');
    for (const content of [xlsx, png, utf16]) {
      expect(await refusal(readSpreadsheet(content, 'csv'))).toMatchObject({
        code: 'unreadable_file',
        message:
          'Fichier CSV illisible : ce n’est pas un fichier texte (classeur Excel, PDF, image ou texte UTF-16 ?). ' +
          'Enregistrez-le au format « CSV UTF-8 », ou envoyez le classeur en XLSX.',
      });
    }
    expect((await refusal(receiveSpreadsheet(chunks(xlsx), 'csv', MIB))).message).toMatch(/^Fichier CSV illisible/);
  });

  it('refuses a file with only its header row, saying so', async () => {
    const message =
      'Le fichier ne contient que sa ligne d’en-tête : aucun acteur à importer. ' +
      'Ajoutez un acteur par ligne sous les en-têtes.';
    const csv = Buffer.from('\uFEFFNom;Catégorie\r\n;\r\n\r\n');
    expect(await refusal(readSpreadsheet(csv, 'csv'))).toMatchObject({ code: 'unreadable_file', message });
    expect(await refusal(receiveSpreadsheet(chunks(csv), 'csv', MIB))).toMatchObject({ message });
    expect(await refusal(readSpreadsheet(xlsxOf([['Nom', 'Catégorie']]), 'xlsx'))).toMatchObject({ message });
    // An XLSX upload is refused at once, as a CSV one is, with the same reason (blank rows are no actors).
    const xlsx = xlsxOf([['Nom', 'Catégorie'], ['', ''], []]);
    expect(await refusal(receiveSpreadsheet(chunks(xlsx), 'xlsx', MIB))).toMatchObject({
      code: 'unreadable_file',
      message,
    });
    expect(await refusal(receiveSpreadsheet(chunks(xlsxOf([])), 'xlsx', MIB))).toMatchObject({
      code: 'unreadable_file',
      message: 'Le fichier est vide.',
    });
  });

  it('numbers each row as the file shows it: blank lines and line breaks inside values counted', async () => {
    const lines = ['Nom;Catégorie', '', 'Atelier;association', '', '', '"Café', 'solidaire";association', 'Fablab;a'];
    for (const newline of ['\n', '\r\n', '\r']) {
      const sheet = await readSpreadsheet(Buffer.from(`\uFEFF${lines.join(newline)}${newline}`), 'csv');
      expect(sheet.rows.map((row) => row[0])).toEqual(['Atelier', `Café${newline}solidaire`, 'Fablab']);
      expect(sheet.lines).toEqual([3, 6, 8]);
    }
    // Blank lines before the header, and lines of spaces.
    const spaced = Buffer.from('\n\nNom;Catégorie\n  \nAtelier;association\n\t\n\nFablab;a');
    expect((await readSpreadsheet(spaced, 'csv')).lines).toEqual([5, 8]);
    // A file longer than the chunks it is read in: blank lines fall across their edges too.
    const text = ['Nom;Catégorie'];
    const expected: number[] = [];
    for (let index = 0; index < 6_000; index += 1) {
      if (index % 7 === 0) text.push('', ...Array.from({ length: index % 3 }, () => ''));
      text.push(`Structure ${index};association`);
      expected.push(text.length);
    }
    expect((await readSpreadsheet(Buffer.from(text.join('\r\n')), 'csv')).lines).toEqual(expected);
    // An XLSX sheet: the row numbers of the sheet, blank rows counted.
    const xlsx = xlsxOf([[], ['Nom', 'Catégorie'], ['Atelier', 'association'], [], ['', ''], ['Fablab', 'a']]);
    expect((await readSpreadsheet(xlsx, 'xlsx')).lines).toEqual([3, 6]);
  });

  it('flags rows whose cells do not line up with the header, rather than shifting them silently', async () => {
    const content = Buffer.from(
      [
        'Nom;Catégorie;Ville',
        'Atelier;association;Lyon',
        'Café; solidaire;association;Lyon',
        'Ressourcerie;association',
        'Fablab;association;Lyon;;',
      ].join('\n'),
    );
    const sheet = await readSpreadsheet(content, 'csv');
    expect(sheet.rows).toEqual([
      ['Atelier', 'association', 'Lyon'],
      ['Café', 'solidaire', 'association'],
      ['Ressourcerie', 'association', ''],
      ['Fablab', 'association', 'Lyon'],
    ]);
    expect(sheet.misaligned).toEqual(
      new Map([
        [
          1,
          '4 valeurs pour 3 colonnes : les valeurs sont sans doute décalées (un « ; » dans une valeur sans ' +
            'guillemets ?) ; en trop : « Lyon »',
        ],
        [2, '2 valeurs pour 3 colonnes : des séparateurs manquent, les valeurs sont peut-être décalées'],
      ]),
    );
    const tabs = await readSpreadsheet(Buffer.from('Nom\tCatégorie\nA\tB\tC\n'), 'csv');
    expect(tabs.misaligned.get(0)).toContain('(une tabulation dans une valeur sans guillemets ?)');
    // A header ending with a separator: rows need not repeat it.
    expect((await readSpreadsheet(Buffer.from('Nom;Catégorie;\nA;B\n'), 'csv')).misaligned).toEqual(new Map());
    // XLSX rows end at their last filled cell: only a value beyond the header's columns is flagged.
    const xlsx = await readSpreadsheet(xlsxOf([['Nom', 'Catégorie'], ['A'], ['B', 'association', 'Lyon']]), 'xlsx');
    expect(xlsx.misaligned).toEqual(new Map([[1, 'valeur hors des colonnes de l’en-tête, ignorée : « Lyon »']]));
  });
});

describe('receiveSpreadsheet: an upload, bounded as it arrives', () => {
  it('counts a CSV upload’s rows as they stream in and stops reading at the first one too many', async () => {
    let pulled = 0;
    async function* million(): AsyncGenerator<Buffer> {
      yield Buffer.from('Nom;Catégorie\n');
      for (let block = 0; block < 1_000; block += 1) {
        pulled += 1;
        yield Buffer.from(Array.from({ length: 1_000 }, (_, index) => `${block * 1_000 + index};a\n`).join(''));
      }
    }
    const error = await refusal(receiveSpreadsheet(million(), 'csv', 100 * MIB));
    expect(error.code).toBe('too_many_rows');
    // 20 blocks hold the 20,000 rows allowed; the parser reads a few ahead at most.
    expect(pulled).toBeLessThan(30);
  });

  it('returns the bytes and the header of an acceptable CSV upload', async () => {
    // Split inside the two bytes of « é », and a byte at a time.
    const bytes = Buffer.from('Nom;Catégorie\nA;association\n');
    const split = bytes.indexOf(0xa9);
    const received = await receiveSpreadsheet(
      chunks(bytes.subarray(0, split), ...Array.from(bytes.subarray(split), (byte) => Buffer.from([byte]))),
      'csv',
      MIB,
    );
    expect(received.columns).toEqual(['Nom', 'Catégorie']);
    expect(received.content.toString()).toBe('Nom;Catégorie\nA;association\n');
  });

  it('reads an XLSX upload only up to its first data row', async () => {
    // More rows than an import holds: the worker refuses it, the upload does not read that far.
    const rows = Array.from({ length: IMPORT_LIMITS.rows + 1 }, (_, index) => [`Structure ${index}`, 'association']);
    const xlsx = xlsxOf([['Nom', 'Catégorie'], ...rows]);
    const received = await receiveSpreadsheet(chunks(xlsx), 'xlsx', 10 * MIB);
    expect(received).toEqual({ content: xlsx, columns: [] });
    expect((await refusal(readSpreadsheet(xlsx, 'xlsx'))).code).toBe('too_many_rows');
  });

  it('calls an upload cut off mid-file unreadable, rather than failing', async () => {
    async function* aborted(): AsyncGenerator<Buffer> {
      yield Buffer.from('Nom;Catégorie\nA;association\n');
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    for (const format of ['csv', 'xlsx'] as const) {
      expect(await refusal(receiveSpreadsheet(aborted(), format, MIB))).toMatchObject({
        code: 'unreadable_file',
        message: 'Le fichier n’a pas été reçu en entier : l’envoi s’est interrompu.',
      });
    }
  });

  it('refuses an upload over the byte limit, and an XLSX bomb from its directory', async () => {
    const error = await refusal(receiveSpreadsheet(chunks('Nom\n', 'x'.repeat(2048)), 'csv', 1024));
    expect(error).toMatchObject({ code: 'payload_too_large', message: 'Le fichier dépasse 1 Kio.' });
    const bomb = xlsxBomb({ mebibytes: 1100 });
    expect((await refusal(receiveSpreadsheet(chunks(bomb), 'xlsx', 10 * MIB))).code).toBe('archive_too_large');
  });
});
