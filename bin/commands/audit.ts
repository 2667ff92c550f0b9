// npm run zhifa -- audit verify : check the operation log's SM3 hash chain.
import { createDb } from '../../prisma/client.ts'
import { verifyAuditChain } from '../../app/services/audit.server.ts'

export const summary = '操作日志 operation log: verify — 校验哈希链 check the hash chain'

export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'verify') {
    console.error('用法 usage: npm run zhifa -- audit verify')
    return 2
  }
  const db = createDb()
  try {
    const verdict = await verifyAuditChain(db)
    if (verdict.ok) {
      console.log(`操作日志完整 audit chain intact: ${verdict.count} 条 entries`)
      return 0
    }
    console.error(`操作日志被篡改 audit chain broken at entry #${verdict.seq}: ${verdict.reason}`)
    return 1
  } finally {
    await db.$disconnect()
  }
}
