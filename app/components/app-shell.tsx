import { useEffect, useRef } from 'react'
import { Form, Link, useLocation } from '@remix-run/react'
import { Badge, Button, Menu } from 'antd'
import { ApartmentOutlined, BellOutlined, AuditOutlined, CalendarOutlined, DeploymentUnitOutlined, FileTextOutlined, FormOutlined, HomeOutlined, InboxOutlined, LogoutOutlined, MenuOutlined, SafetyOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons'
import type { NavItem } from '../services/navigation.server.ts'
import { CsrfInput } from './csrf-input.tsx'

const icons = {
  home: <HomeOutlined />, inbox: <InboxOutlined />, team: <TeamOutlined />, apartment: <ApartmentOutlined />,
  audit: <AuditOutlined />, shop: <ShopOutlined />, deployment: <DeploymentUnitOutlined />, file: <FileTextOutlined />, form: <FormOutlined />, calendar: <CalendarOutlined />, safety: <SafetyOutlined />,
}

function selectedKey(items: NavItem[], pathname: string): string {
  const match = items
    .filter((i) => (i.href === '/' ? pathname === '/' : pathname === i.href || pathname.startsWith(`${i.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0]
  return match?.key ?? ''
}

/**
 * The signed-in page frame. The menu is a sidebar on wide screens and a
 * drawer on phones; the drawer is a CSS checkbox toggle, so it already
 * works on the server-rendered page before JavaScript runs.
 */
export function AppShell({ user, nav, children }: { user: { displayName: string; departmentName: string; unread: number }; nav: NavItem[]; children: React.ReactNode }) {
  const location = useLocation()
  const toggle = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (toggle.current) toggle.current.checked = false
  }, [location.pathname])

  const items = nav.map((item) => ({ key: item.key, icon: icons[item.icon], label: <Link to={item.href}>{item.label}</Link> }))
  return (
    <div className="zf-shell">
      <input ref={toggle} type="checkbox" id="zf-nav-toggle" className="zf-nav-toggle" aria-hidden="true" tabIndex={-1} />
      <header className="zf-header">
        <label htmlFor="zf-nav-toggle" className="zf-nav-button" aria-label="打开菜单" data-testid="nav-button">
          <MenuOutlined />
        </label>
        <Link to="/" className="zf-brand">
          <span className="zf-brand-mark">执</span>
          <span className="zf-brand-text">安全生产执法信息系统</span>
        </Link>
        <div className="zf-user">
          <Link to="/notifications" aria-label={`通知，${user.unread} 条未读`} data-testid="notifications-link">
            <Badge count={user.unread} size="small"><BellOutlined style={{ fontSize: 18, color: 'rgba(0,0,0,0.65)' }} /></Badge>
          </Link>
          <span className="zf-user-name" data-testid="current-user">{user.displayName}</span>
          <span className="zf-user-dept">{user.departmentName}</span>
          <Form method="post" action="/logout" className="zf-logout">
            <CsrfInput />
            <Button htmlType="submit" type="text" icon={<LogoutOutlined />} aria-label="退出登录">
              <span className="zf-hide-phone">退出</span>
            </Button>
          </Form>
        </div>
      </header>
      <label htmlFor="zf-nav-toggle" className="zf-nav-backdrop" aria-hidden="true" />
      <nav className="zf-nav" aria-label="主菜单">
        <Menu mode="inline" items={items} selectedKeys={[selectedKey(nav, location.pathname)]} />
      </nav>
      <main className="zf-main">{children}</main>
    </div>
  )
}
