import fs from 'node:fs'

/** A file named on the command line, or null after saying in both languages why it cannot be read. */
export function readInputFile(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (e) {
    console.error(`✗ ${file}：无法读取 cannot read (${(e as Error).message})`)
    return null
  }
}
