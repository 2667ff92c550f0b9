/**
 * A stored file as a download (or inline, for printing), with its Chinese
 * name: `filename*` (RFC 5987/6266) for browsers, an ASCII `filename` for
 * the rest.
 */
export function fileResponse(bytes: Buffer, options: { fileName: string; contentType: string; inline?: boolean }): Response {
  const extension = options.fileName.split('.').pop() ?? 'bin'
  const disposition = `${options.inline ? 'inline' : 'attachment'}; filename="document.${extension}"; filename*=UTF-8''${encodeURIComponent(options.fileName)}`
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': options.contentType,
      'Content-Length': String(bytes.length),
      'Content-Disposition': disposition,
      // Issued documents never change, but they are not public: private caching only.
      'Cache-Control': 'private, max-age=3600',
    },
  })
}
