/**
 * Substring search that means what the user typed (ADR 024). Prisma's
 * `contains` becomes `LIKE '%' || ? || '%'` without escaping, so a search
 * for `%` listed everything and `_` matched any character. PostgreSQL's
 * LIKE takes backslash as its escape character; on SQLite our client
 * defines like() with the same backslash escape (prisma/client.ts), so the
 * wildcards and the backslash itself are escaped for both.
 */
/** `%`, `_` and `\\` as literal characters of a LIKE pattern (backslash escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** The `contains` filter for a search text, its wildcards escaped. */
export function containsText(q: string): { contains: string } {
  return { contains: escapeLike(q) }
}
