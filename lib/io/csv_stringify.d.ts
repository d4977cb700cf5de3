// What lib/io/csv_backend.ts uses of csv-stringify 6.9.0 (see csv_parse.d.ts for why).

/** Formats rows of cells as CSV text. */
export declare function stringify(rows: string[][], options: Record<string, unknown>): string;
