/** The frame of the public pages (no sign-in, no menu). */
import { Link } from '@remix-run/react'

export function PublicFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="zf-public">
      <header className="zf-public-header">
        <Link to="/verify" className="zf-brand">
          <span className="zf-brand-mark">执</span>
          <span>安全生产执法信息系统</span>
        </Link>
      </header>
      <main className="zf-public-main">
        <h1 className="zf-page-title">{title}</h1>
        {children}
      </main>
    </div>
  )
}
