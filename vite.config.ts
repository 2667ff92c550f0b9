import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  server: { port: 3000 },
  build: { target: 'es2022' },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  optimizeDeps: {
    // The dependency scan follows route imports into *.server.ts files; this
    // one's browser build points at a WASM package that is not installed.
    exclude: ['@node-rs/argon2'],
    include: ['@rjsf/core', '@rjsf/antd', '@rjsf/utils', '@rjsf/validator-ajv8', 'ajv', 'ajv-formats', 'ajv-i18n/localize/zh', 'ajv-i18n/localize/zh/index.js'],
  },
})
