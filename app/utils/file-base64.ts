/** A chosen file's bytes as base64, for uploads sent with a form's fields (CSRF token, note) as one post. */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let text = ''
  // In chunks: String.fromCharCode with the whole file as arguments overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(text)
}
