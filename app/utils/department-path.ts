/**
 * Departments carry a materialised path of ids, "/<root>/<child>/…/<self>/"
 * (prisma/models.prisma): a subtree is a prefix, and the chain up to the root
 * is the path read backwards.
 */

/** Department ids from the department itself up to the root. */
export function selfAndAncestors(path: string): string[] {
  return path.split('/').filter(Boolean).reverse()
}
