/** Rows padded into columns two spaces apart (widths in code points), trailing spaces trimmed. */
export function columnTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => [...(row[column] ?? "")].length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => cell + " ".repeat((widths?.[column] ?? 0) - [...cell].length))
      .join("  ")
      .trimEnd(),
  );
}
