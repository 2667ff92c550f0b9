/**
 * Operators' command line: `npm run zhifa -- <command> [args]`.
 * Each command is one file in bin/commands/ exporting `run(args): Promise<number>`
 * (the exit code) and a one-line `summary`.
 */
import './ensure-prisma-client.mjs'
import fs from 'node:fs'
import path from 'node:path'

interface Command {
  summary: string
  run(args: string[]): Promise<number>
}

const dir = path.join(import.meta.dirname, 'commands')

function available(): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort()
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2)
  const names = available()
  if (!name || name === 'help' || name === '--help' || !names.includes(name)) {
    if (name && !['help', '--help'].includes(name)) console.error(`未知命令 unknown command: ${name}`)
    console.log('用法 usage: npm run zhifa -- <command> [args]\n')
    for (const n of names) {
      const command = (await import(path.join(dir, `${n}.ts`))) as Command
      console.log(`  ${n.padEnd(12)} ${command.summary}`)
    }
    return name && !['help', '--help'].includes(name) ? 2 : 0
  }
  const command = (await import(path.join(dir, `${name}.ts`))) as Command
  return command.run(args)
}

process.exitCode = await main()
