/**
 * A line diff (longest common subsequence) for showing what adopting a
 * baseline changes. Pure; configuration files are small (a BPMN file is a
 * few hundred lines), so the quadratic table is fine.
 */
export interface DiffLine {
  op: ' ' | '+' | '-'
  text: string
}

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n')
  const b = after.split('\n')
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! })
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: '-', text: a[i++]! })
    else out.push({ op: '+', text: b[j++]! })
  }
  while (i < a.length) out.push({ op: '-', text: a[i++]! })
  while (j < b.length) out.push({ op: '+', text: b[j++]! })
  return out
}

/** Only the changed lines with `context` unchanged lines around them, as text. */
export function formatDiff(lines: DiffLine[], context = 2): string {
  const keep = lines.map((l, i) => l.op !== ' ' || lines.slice(Math.max(0, i - context), i + context + 1).some((n) => n.op !== ' '))
  const out: string[] = []
  lines.forEach((l, i) => {
    if (keep[i]) out.push(`${l.op} ${l.text}`)
    else if (keep[i - 1]) out.push('  …')
  })
  return out.join('\n')
}
