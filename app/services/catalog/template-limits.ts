/** How large an uploaded DOCX template may be: read by the server's check and by the page before it sends (the shipped ones are ~10 KB; a Word file with a logo a few hundred). */
export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
