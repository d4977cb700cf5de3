/**
 * Notebooks as nbformat 4.5 JSON, for the tests that generate, run and export them
 * (tests/notebooks_test.ts, tests/export_test.ts).
 */

/** One output of a cell. */
export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}

/** One cell. */
export interface Cell {
  cell_type: string;
  id: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
}

/** A notebook. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A Deno-kernel notebook of code cells with the given sources, not yet run. */
export function notebookOf(sources: string[]): Notebook {
  return {
    cells: sources.map((source, i) => ({
      cell_type: "code",
      id: `gen${i}`,
      source,
      metadata: {},
      outputs: [],
      execution_count: null,
    })),
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}
