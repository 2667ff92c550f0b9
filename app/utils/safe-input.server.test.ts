import { describe, expect, it } from 'vitest'
import { jsonHasControlCharacters, parseJsonWithin, refuseControlCharacters, safeRedirect } from './safe-input.server.ts'

describe('where sign-in goes next', () => {
  it('should keep a path of this site with its query', () => {
    expect(safeRedirect('/matters?kind=inspection#top')).toBe('/matters?kind=inspection#top')
  })

  it.each([
    ['a tab the browser would drop (/\\t/evil.example → //evil.example)', '/\t/evil.example'],
    ['a line break (would end the Location header)', '/\r\nSet-Cookie: x=1'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['nothing', undefined],
  ])('should go home instead of following %s', (_, to) => {
    expect(safeRedirect(to)).toBe('/')
  })
})

describe('control characters and JSON depth', () => {
  it('should refuse 50,000-deep JSON before parsing it, and parse ordinary JSON', () => {
    expect(parseJsonWithin('['.repeat(50_000) + ']'.repeat(50_000))).toEqual({ ok: false, reason: 'depth' })
    expect(parseJsonWithin('{"a":"[[[[","b":[1,{"c":2}]}')).toEqual({ ok: true, value: { a: '[[[[', b: [1, { c: 2 }] } })
    expect(parseJsonWithin('{"a":')).toEqual({ ok: false, reason: 'syntax' })
  })

  it('should find NUL escaped inside JSON strings and keys, and allow tabs and line breaks', () => {
    expect(jsonHasControlCharacters(JSON.parse('{"a":["x\\u0000"]}'))).toBe(true)
    expect(jsonHasControlCharacters(JSON.parse('{"\\u0001":1}'))).toBe(true)
    expect(jsonHasControlCharacters({ note: '第一行\n\t第二行' })).toBe(false)
  })

  async function status(request: Request): Promise<number> {
    try {
      await refuseControlCharacters(request)
      return 200
    } catch (response) {
      return (response as Response).status
    }
  }

  it('should answer 400 for NUL in a form, in JSON, in the query string, and let clean input through with its body unread', async () => {
    const form = (body: string) => new Request('http://x/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
    expect(await status(form('loginName=a%00b&password=x'))).toBe(400)
    expect(await status(new Request('http://x/d', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"data":{"x":"\\u0000"}}' }))).toBe(400)
    expect(await status(new Request('http://x/d', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(50_000) }))).toBe(400)
    expect(await status(new Request('http://x/matters?q=%00'))).toBe(400)
    const clean = form('loginName=%E5%BC%A0%E4%B8%89&password=x')
    expect(await status(clean)).toBe(200)
    expect((await clean.formData()).get('loginName')).toBe('张三')
  })
})
