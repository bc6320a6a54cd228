/**
 * CSV (formula) injection, after OWASP: a spreadsheet reads a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula. Every text
 * cell of an export that starts with one of them is prefixed with a single
 * quote (and the field quoted); numbers are never touched, so `-3` stays a number.
 */
export const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;

/** A text cell as it is safe to write in a CSV file. */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGERS.test(text) ? `'${text}` : text;
}

/** The same rule as a SQL expression over a text expression (for `COPY … TO STDOUT`). */
export function neutraliseFormulaSql(expression: string): string {
  return `(case when left(${expression}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || ${expression} else ${expression} end)`;
}

/** An ASCII slug for file names: `Grenoble-Alpes Métropole` → `grenoble-alpes-metropole`. */
export function asciiSlug(text: string, fallback = 'territoire'): string {
  const slug = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}
