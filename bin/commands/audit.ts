// npm run zhifa -- audit verify|checkpoint|rotate-key : the operation log's keyed hash chain (ADR 024).
import { createDb } from '../../prisma/client.ts'
import { appendAudit, verifyAuditChain } from '../../app/services/audit.server.ts'
import { checkpointFile, writeCheckpoint } from '../../app/services/audit-checkpoints.server.ts'
import { appendKeyToFile, currentKey, loadAuditKeyRing, newSecret } from '../../app/services/audit-key.server.ts'

export const summary = '操作日志 operation log: verify 校验 | checkpoint 写检查点 | rotate-key 轮换签名密钥'

const usage = '用法 usage: npm run zhifa -- audit verify | checkpoint | rotate-key'

export async function run(args: string[]): Promise<number> {
  const command = args[0]
  if (command !== 'verify' && command !== 'checkpoint' && command !== 'rotate-key') {
    console.error(usage)
    return 2
  }
  const db = createDb()
  try {
    if (command === 'verify') {
      const verdict = await verifyAuditChain(db)
      if (verdict.ok) {
        for (const warning of verdict.warnings) console.warn(`注意 warning: ${warning}`)
        console.log(`操作日志完整 audit chain intact: ${verdict.count} 条 entries (${verdict.keyed} 条已签名 keyed, ${verdict.checkpoints} 个检查点 checkpoints matched)`)
        return 0
      }
      console.error(`操作日志被篡改 audit chain broken at entry #${verdict.seq}: ${verdict.reason}`)
      return 1
    }
    if (command === 'checkpoint') {
      const cp = await writeCheckpoint(db)
      console.log(cp ? `已写入检查点 checkpoint written: entry #${cp.seq} → ${checkpointFile()}` : '日志为空，无需检查点 empty log, nothing to checkpoint')
      return 0
    }
    // rotate-key: the old key stays in the ring (older entries verify with it); new entries use the new one.
    const ring = loadAuditKeyRing({ create: true })!
    const old = currentKey(ring)
    if (ring.source === 'env') {
      const secret = newSecret()
      console.log('AUDIT_KEY 由环境变量提供：请把新密钥放在最前面后重启 AUDIT_KEY is set: put the new key first and restart:')
      console.log(`  AUDIT_KEY=${secret}@${new Date().toISOString()},${process.env.AUDIT_KEY}`)
      return 0
    }
    const next = appendKeyToFile(ring, newSecret(), new Date())
    await appendAudit(db, { actorName: 'zhifa audit rotate-key', action: 'audit.key-rotated', targetType: 'AuditKey', targetId: next.id, detail: { from: old?.id ?? null, to: next.id } })
    await writeCheckpoint(db)
    console.log(`已轮换签名密钥 audit key rotated: ${old?.id ?? '—'} → ${next.id} (${ring.file})`)
    return 0
  } finally {
    await db.$disconnect()
  }
}
