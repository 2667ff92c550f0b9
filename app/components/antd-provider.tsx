import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

dayjs.locale('zh-cn')

/**
 * antd's prebuilt dist/antd.css scopes its design tokens (CSS variables)
 * under this class; the provider must use the same key or components render
 * unstyled. Checked by antd-provider.test.ts against the installed antd.
 */
export const ANTD_CSS_VAR_KEY = 'css-var-_R_0_'

/**
 * antd in Chinese with the zero-runtime theme: components emit no styles at
 * run time; the prebuilt antd.css linked from root.tsx styles them, on the
 * server-rendered page before any JavaScript runs.
 */
export function AntdProvider({ children }: { children: React.ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} theme={{ zeroRuntime: true, hashed: false, cssVar: { key: ANTD_CSS_VAR_KEY } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  )
}
