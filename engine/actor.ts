/**
 * Who is acting, as the engine and the services see it: built by the app
 * from the signed-in user's account and role assignments.
 */
export interface RoleGrant {
  /** Role key from shared/brief/glossary.md, e.g. `legal-reviewer`. */
  role: string
  departmentId: string
  /** Materialised path of that department, "/<root>/…/<dept>/". */
  departmentPath: string
  /** The organ (机关: region, prefecture or county) the department belongs to. */
  organId: string
  organPath: string
}

export interface Actor {
  id: string
  loginName: string
  displayName: string
  /** The department the account belongs to. */
  departmentId: string
  departmentPath: string
  organId: string
  roles: RoleGrant[]
  clientIp?: string | null
}
