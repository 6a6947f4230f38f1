import { money, toDecimalString } from "@tollgate/domain";

/**
 * CSV cells (RFC 4180). Every file this package writes ends each record, the last one included, with CRLF (the RFC's
 * line break; Excel and every CSV parser accept it).
 *
 * Text and numbers are different kinds of cell on purpose: a text cell that a spreadsheet would run as a formula
 * (first character = + - @ tab or CR) gets a leading apostrophe (OWASP's CSV-injection advice), while a number cell
 * is validated as a plain decimal and written untouched, so "-1.23" stays a number.
 */
export type CsvCell = { readonly text: string } | { readonly number: string };

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export const CSV_LINE_END = "\r\n";

/** Free text (descriptions, ids, dates); null is an empty cell. */
export function textCell(value: string | null): CsvCell {
  return { text: value ?? "" };
}

/** An integer count, exact at any size ("18446744073709551616"). */
export function integerCell(value: string | bigint): CsvCell {
  return { number: BigInt(value).toString() };
}

/** A decimal amount written exactly as a plain decimal (no exponent, trailing zeros trimmed). */
export function decimalCell(value: string): CsvCell {
  return { number: toDecimalString(money(value)) };
}

/** An amount already formatted as plain decimal text (e.g. "12.30" from formatMoneyDue); checked, not reformatted. */
export function fixedDecimalCell(value: string): CsvCell {
  if (!PLAIN_DECIMAL.test(value)) throw new RangeError(`not a plain decimal: ${value}`);
  return { number: value };
}

function cellText(cell: CsvCell): string {
  if ("number" in cell) {
    if (!PLAIN_DECIMAL.test(cell.number)) throw new RangeError(`not a plain decimal: ${cell.number}`);
    return cell.number;
  }
  return FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text;
}

function quoted(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A header row and data rows → the CSV text, CRLF after every record. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const records = [header.map(quoted), ...rows.map((row) => row.map((cell) => quoted(cellText(cell))))];
  return records.map((fields) => fields.join(",") + CSV_LINE_END).join("");
}
