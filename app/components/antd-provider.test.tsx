import fs from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { renderToString } from 'react-dom/server'
import { Button } from 'antd'
import { ANTD_CSS_VAR_KEY, AntdProvider } from './antd-provider.tsx'

const require = createRequire(import.meta.url)
const stylesheet = fs.readFileSync(require.resolve('antd/dist/antd.css'), 'utf8')

describe('antd zero-runtime styling', () => {
  it('should use the css-var key under which the prebuilt stylesheet defines its tokens', () => {
    expect(stylesheet).toMatch(new RegExp(`\\.${ANTD_CSS_VAR_KEY}\\{[^}]*--ant-color-primary:`))
  })

  it('should render components with that key and without per-request style tags', () => {
    const html = renderToString(<AntdProvider><Button type="primary">提交</Button></AntdProvider>)
    expect(html).toContain(ANTD_CSS_VAR_KEY)
    expect(html).not.toContain('<style')
    expect(html).not.toContain('css-dev-only')
  })
})
