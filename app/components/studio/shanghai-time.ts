/** An instant as the studio's pages show it: Beijing time to the minute, "2025-09-30 14:05". */
export function shanghaiMinute(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16)
}
