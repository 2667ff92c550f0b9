/** Public: type the verification code printed on a document. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Alert, Button, Input } from 'antd'
import { normalizeVerificationCode } from '../services/documents/verification-code.ts'
import { AntdProvider } from '../components/antd-provider.tsx'
import { PublicFrame } from '../components/public-frame.tsx'
import { StandaloneErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '文书核验 · 安全生产执法信息系统' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('code')
  if (typed === null) return { typed: null }
  const code = normalizeVerificationCode(typed)
  if (code) throw redirect(`/verify/${code}`)
  return { typed }
}

export default function VerifyIndexPage() {
  const { typed } = useLoaderData<typeof loader>()
  return (
    <AntdProvider>
      <PublicFrame title="执法文书核验">
        <section className="zf-section">
          <p>输入文书上印的验证码（16 位字母和数字），或扫描文书上的二维码。</p>
          {typed !== null ? <Alert type="error" showIcon className="zf-form-alert" title="验证码格式不对，请核对后重新输入。" /> : null}
          <Form method="get" className="zf-upload-form">
            <Input name="code" size="large" placeholder="如 ABCD-EFGH-JKMN-PQRS" defaultValue={typed ?? ''} aria-label="验证码" autoComplete="off" />
            <Button type="primary" htmlType="submit" size="large">查询</Button>
          </Form>
        </section>
      </PublicFrame>
    </AntdProvider>
  )
}

export function ErrorBoundary() {
  return <StandaloneErrorBoundary />
}
