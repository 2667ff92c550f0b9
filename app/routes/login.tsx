import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Alert, Button, Card, Input } from 'antd'
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { z } from '../utils/zod-zh.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { clientIp, getAuthContext, requireCsrf, sessionSetCookie } from '../utils/auth.server.ts'
import { signIn } from '../services/sign-in.server.ts'
import { safeRedirect } from '../utils/safe-input.server.ts'
import { rotateCsrfCookie } from '../utils/csrf.server.ts'
import { standingMessages, type StandingProblem } from '../services/accounts.server.ts'
import { AntdProvider } from '../components/antd-provider.tsx'
import { CsrfInput } from '../components/csrf-input.tsx'
import { StandaloneErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '登录 · 安全生产执法信息系统' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await getAuthContext(request)
  if (context && !('problem' in context)) throw redirect('/')
  const reason = new URL(request.url).searchParams.get('reason')
  const notice = reason && reason in standingMessages ? standingMessages[reason as StandingProblem] : null
  return { notice }
}

const signInSchema = z.object({
  loginName: z.string().trim().min(1, '请输入登录名').max(64, '登录名过长'),
  password: z.string().min(1, '请输入密码').max(128, '密码过长'),
  redirectTo: z.string().optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request)
  const parsed = signInSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    const fieldErrors = parsed.error.flatten().fieldErrors
    return data({ formError: null as string | null, fieldErrors }, { status: 400 })
  }
  const result = await signIn(db, clock, {
    loginName: parsed.data.loginName,
    password: parsed.data.password,
    clientIp: clientIp(request),
    userAgent: request.headers.get('user-agent'),
  })
  if (!result.ok) return data({ formError: result.message, fieldErrors: {} }, { status: 401 })
  // A new session, and with it a new CSRF token; the anonymous one is replaced too.
  const headers = new Headers()
  headers.append('Set-Cookie', await sessionSetCookie(request, result.sessionId))
  headers.append('Set-Cookie', await rotateCsrfCookie(request))
  return redirect(safeRedirect(parsed.data.redirectTo), { headers })
}

export default function LoginPage() {
  const { notice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state !== 'idle'
  const fieldErrors: Record<string, string[] | undefined> = actionData?.fieldErrors ?? {}
  return (
    <AntdProvider>
      <main className="zf-login">
        <Card className="zf-login-card">
          <div className="zf-login-title">
            <span className="zf-brand-mark" style={{ width: 44, height: 44, fontSize: 24 }}>执</span>
            <h1>安全生产执法信息系统</h1>
            <p>自治区应急管理厅 · 网页端与移动端</p>
          </div>
          {notice ? <Alert type="warning" showIcon message={notice} style={{ marginBottom: 16 }} /> : null}
          {actionData?.formError ? <Alert type="error" showIcon message={actionData.formError} role="alert" style={{ marginBottom: 16 }} /> : null}
          <Form method="post" noValidate>
            <CsrfInput />
            <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
            <div style={{ marginBottom: 16 }}>
              <label htmlFor="loginName">登录名</label>
              <Input id="loginName" name="loginName" size="large" prefix={<UserOutlined />} autoComplete="username" autoCapitalize="off" required maxLength={64} status={fieldErrors.loginName ? 'error' : undefined} />
              {fieldErrors.loginName ? <div className="zf-field-error">{fieldErrors.loginName[0]}</div> : null}
            </div>
            <div style={{ marginBottom: 24 }}>
              <label htmlFor="password">密码</label>
              <Input.Password id="password" name="password" size="large" prefix={<LockOutlined />} autoComplete="current-password" required maxLength={128} status={fieldErrors.password ? 'error' : undefined} />
              {fieldErrors.password ? <div className="zf-field-error">{fieldErrors.password[0]}</div> : null}
            </div>
            <Button type="primary" htmlType="submit" size="large" block loading={busy}>登录</Button>
          </Form>
        </Card>
      </main>
    </AntdProvider>
  )
}

export function ErrorBoundary() {
  return <StandaloneErrorBoundary />
}
