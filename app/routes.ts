import type { RouteConfig } from '@remix-run/route-config'
import { flatRoutes } from '@remix-run/fs-routes'

// Flat file routes: app/routes/admin.users.$userId.tsx → /admin/users/:userId
export default flatRoutes() satisfies RouteConfig
