// Zhifa's HTTP server: applies migrations, runs start-up work (demo data,
// long-running services), then serves the Remix app with Express.
//   node server/index.js         production build (npm start builds first)
//   node server/index.js --dev   Vite dev server with hot reload
import '../bin/ensure-prisma-client.mjs'
import { AsyncLocalStorage } from 'node:async_hooks'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import compression from 'compression'
import { createRequestHandler } from '@remix-run/express'
import { limitBodies, refuseCrossOrigin, securityHeaders } from './http-guards.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dev = process.argv.includes('--dev')
// The server build bundles app code into build/server/; code that reads
// files of the checkout (forms/, the LibreOffice worker) finds it here.
process.env.ZHIFA_ROOT ??= root
const port = Number(process.env.PORT || 3000)
const host = process.env.HOST || '0.0.0.0'
// Behind a reverse proxy, set TRUST_PROXY=1 so the client address and
// protocol come from X-Forwarded-* headers; otherwise they are ignored.
const trustProxy = process.env.TRUST_PROXY === '1'

const migrate = spawnSync(process.execPath, [path.join(root, 'bin', 'prisma.mjs'), 'deploy'], { cwd: root, stdio: 'inherit', env: process.env })
if (migrate.status !== 0) {
  console.error('数据库迁移失败 database migration failed')
  process.exit(1)
}

const vite = dev
  ? await import('vite').then((v) => v.createServer({ root, server: { middlewareMode: true } }))
  : undefined
const loadBuild = vite
  ? () => vite.ssrLoadModule('virtual:remix/server-build')
  : () => import(path.join(root, 'build', 'server', 'index.js'))

const firstBuild = await loadBuild()
await firstBuild.entry.module.bootstrap?.()

// Per-request scope for work the loaders of one page share (app/utils/request-memo.server.ts).
const requestStore = new AsyncLocalStorage()
globalThis[Symbol.for('zhifa.requestStore')] = requestStore

const app = express()
app.disable('x-powered-by')
if (trustProxy) app.set('trust proxy', true)
app.use(compression())
app.use((req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Referrer-Policy', 'same-origin')
  // The client address the app logs: from the socket, or from a trusted proxy. Never from the client.
  req.headers['x-zhifa-client-ip'] = (trustProxy ? req.ip : req.socket.remoteAddress) ?? ''
  if (!trustProxy) delete req.headers['x-forwarded-proto']
  next()
})
// Before anything reads a body: CSP/HSTS, cross-origin posts, size limits (server/http-guards.js).
app.use(securityHeaders({ dev }))
app.use(refuseCrossOrigin({ trustProxy }))
app.use(limitBodies())

if (vite) {
  app.use(vite.middlewares)
} else {
  // Fingerprinted assets (the antd stylesheet among them) are cached for a year.
  app.use('/assets', express.static(path.join(root, 'build', 'client', 'assets'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(path.join(root, 'build', 'client'), { maxAge: '1h' }))
}

// The scope also records the origin the request came in on: documents issued while serving it print that address (app/services/documents/base-url.server.ts).
app.use((req, res, next) => requestStore.run(new Map([['zhifa.origin', `${req.protocol}://${req.get('host')}`]]), next))
app.all('*', createRequestHandler({
  build: vite ? loadBuild : firstBuild,
  mode: dev ? 'development' : 'production',
  // The page's inline scripts carry the nonce the Content-Security-Policy allows.
  getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
}))

const server = app.listen(port, host, () => {
  console.log(`执法系统已启动 Zhifa is listening on http://localhost:${port}`)
})
// A client that reuses an idle connection just as the server closes it gets ECONNRESET (Node's default
// keep-alive is 5 s; a browser test's request failed so). Idle connections are kept longer than a
// reverse proxy's or a client's own idle timeout (nginx: 60 s), so the client closes first. Shutdown
// still closes idle connections at once.
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000

// Stop taking requests, let those in flight finish (up to 10 s), then stop
// the long-running services (LibreOffice) so nothing outlives the process.
let stopping = false
async function shutdown() {
  if (stopping) return
  stopping = true
  setTimeout(() => process.exit(1), 30_000).unref()
  await new Promise((resolve) => {
    server.close(resolve)
    server.closeIdleConnections()
    setTimeout(resolve, 10_000).unref()
  })
  try {
    await firstBuild.entry.module.shutdown?.()
    await vite?.close()
  } catch (error) {
    console.error('停止服务时出错 error during shutdown', error)
    process.exit(1)
  }
  process.exit(0)
}
// Vite's dev servers (Remix's child compiler among them) end the process on
// SIGTERM as soon as they have closed themselves, cutting the shut-down above
// short; in dev this handler is the only one (it closes Vite too).
if (vite) process.removeAllListeners('SIGTERM')
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
