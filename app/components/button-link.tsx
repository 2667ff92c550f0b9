import { useNavigate } from '@remix-run/react'
import { Button, type ButtonProps } from 'antd'
import type { MouseEvent } from 'react'

/**
 * A link that looks like a button: one `<a>` (a `<button>` inside a `<Link>`
 * is invalid HTML, and a click on it before or during hydration was lost in
 * a loaded browser). Before the scripts run it is a plain link; after, a
 * plain click navigates on the client, and a modified click (new tab,
 * new window) is left to the browser.
 */
export function ButtonLink({ to, ...props }: Omit<ButtonProps, 'href' | 'onClick'> & { to: string }) {
  const navigate = useNavigate()
  const onClick = (e: MouseEvent<HTMLElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    navigate(to)
  }
  return <Button {...props} href={to} onClick={onClick} />
}
