import { isRouteErrorResponse, Link, useLocation, useRouteError } from '@remix-run/react'

const statusMessages: Record<number, { title: string; hint: string }> = {
  400: { title: '请求有误', hint: '提交的内容无法处理，请检查后重试。' },
  403: { title: '无权访问', hint: '您没有执行此操作的权限。如需权限，请联系本部门执法系统管理员。' },
  404: { title: '未找到', hint: '您访问的内容不存在，或您无权查看。' },
  409: { title: '操作冲突', hint: '该事项已被他人处理或已更新，请刷新页面查看最新状态。' },
}

/**
 * The one error view every route's ErrorBoundary delegates to. Plain HTML
 * and CSS on purpose: it must render even when the UI library failed.
 * A section, not a main: inside the app shell it sits within the page's one
 * <main> landmark; StandaloneErrorBoundary gives the other routes one.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const location = useLocation()
  let status = 500
  let detail: string | null = null
  if (isRouteErrorResponse(error)) {
    status = error.status
    // Our own refusals are Chinese sentences; the router's ("Error: No route matches URL …") are not shown.
    detail = typeof error.data === 'string' && /[\u4e00-\u9fff]/.test(error.data) ? error.data : null
  }
  const known = statusMessages[status] ?? { title: '系统出错', hint: '服务暂时无法完成请求，请稍后重试；如反复出现，请联系系统管理员。' }
  return (
    <section className="zf-error" role="alert">
      <p className="zf-error-status">{status}</p>
      <h1>{known.title}</h1>
      <p>{detail && detail.length < 300 ? detail : known.hint}</p>
      <p>
        {/* After a conflict the page itself shows what happened (who did the step, its new state). */}
        {status === 409 ? <><Link to={location.pathname + location.search} reloadDocument data-testid="reload-after-conflict">查看最新状态</Link>{' · '}</> : null}
        <Link to="/">返回首页</Link>
      </p>
    </section>
  )
}

/** The same view for routes outside the app shell (root, sign-in, verify), which have no <main> of their own. */
export function StandaloneErrorBoundary() {
  return <main><GeneralErrorBoundary /></main>
}
