// Vitest global setup: migrate one template database per provider.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { adminQuery, postgresServerUrl, postgresTemplateName, root, sqliteTemplate, testDataDir } from './database-locations.ts'

function deploy(url: string) {
  execFileSync(process.execPath, [path.join(root, 'bin', 'prisma.mjs'), 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

export default async function setup() {
  fs.rmSync(testDataDir, { recursive: true, force: true })
  fs.mkdirSync(testDataDir, { recursive: true })
  deploy(`file:${sqliteTemplate}`)
  const server = postgresServerUrl()
  if (server) {
    await adminQuery(`DROP DATABASE IF EXISTS "${postgresTemplateName}" WITH (FORCE)`)
    await adminQuery(`CREATE DATABASE "${postgresTemplateName}"`)
    const url = new URL(server)
    url.pathname = `/${postgresTemplateName}`
    deploy(url.toString())
  }
}
