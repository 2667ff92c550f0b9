/**
 * What a rule may talk about: subjects, their actions and condition fields,
 * with Chinese names for the page. One list, read by the checks, the plain
 * Chinese rendering and the explanation (ADR 026).
 */
export interface SubjectInfo {
  title: string
  actions: string[]
  /** Scalar fields a condition may test. */
  fields: string[]
  /** Relation fields: the related subject whose fields the nested condition tests. */
  relations?: Record<string, string>
}

const userFields = ['id', 'loginName', 'displayName', 'status', 'departmentId', 'departmentPath', 'organId', 'certificateKind']

export const SUBJECTS: Record<string, SubjectInfo> = {
  User: { title: '用户账号', actions: ['read', 'create', 'update', 'stop', 'manage'], fields: userFields },
  Department: { title: '部门', actions: ['read', 'update', 'manage'], fields: ['id', 'code', 'name', 'kind', 'parentId', 'path', 'organId'] },
  AuditEntry: { title: '操作日志', actions: ['read'], fields: ['seq', 'actorId', 'role', 'departmentId', 'organId', 'action', 'targetType', 'targetId', 'outcome'] },
  RegulatedEntity: { title: '生产经营单位', actions: ['read', 'create', 'update', 'manage'], fields: ['id', 'name', 'creditCode', 'industry', 'departmentId', 'departmentPath'] },
  Matter: {
    title: '执法事项', actions: ['read', 'create'],
    fields: ['id', 'kind', 'variant', 'number', 'status', 'departmentId', 'departmentPath', 'organId', 'partyId', 'parentId', 'createdById', 'targetDocumentId'],
    relations: { officers: 'MatterOfficer' },
  },
  Document: {
    title: '执法文书', actions: ['read', 'create', 'update', 'delete', 'manage'],
    fields: ['id', 'formKey', 'departmentId', 'departmentPath', 'number', 'subjectType', 'subjectId', 'madeById', 'issuedById', 'matterId', 'deletedAt', 'year'],
    relations: { matter: 'Matter', accessGrants: 'DocumentAccessGrant', requests: 'Matter' },
  },
  Task: {
    title: '办理环节（待办）', actions: ['complete', 'claim', 'assign', 'receive'],
    fields: ['id', 'definitionKey', 'businessKey', 'form', 'role', 'scope', 'departmentId', 'assigneeId', 'status', 'gate', 'elementId'],
  },
  RecordRequest: { title: '执法记录申请（更改、删除、查阅）', actions: ['approve'], fields: ['kind'] },
  ProcessDefinition: { title: '流程定义', actions: ['read', 'manage'], fields: [] },
  Form: { title: '表单', actions: ['read', 'manage'], fields: [] },
  Calendar: { title: '工作日历', actions: ['read', 'manage'], fields: [] },
  Permission: { title: '权限规则', actions: ['read', 'manage'], fields: [] },
  /** A procedure's review steps for a department (the organ whose matters follow them, docs/decisions/040). */
  ReviewSteps: { title: '审核环节配置', actions: ['read', 'update'], fields: ['departmentId', 'departmentPath'] },
  /** A proposed change to a catalog item (ADR 041): proposing is `create`, deciding is `approve`. */
  CatalogProposal: {
    title: '配置修改提议', actions: ['read', 'create', 'approve'],
    fields: ['id', 'kind', 'key', 'status', 'ownerOrganId', 'proposedById', 'proposerDepartmentId', 'proposerOrganId'],
  },
  /** A named review group (审核小组) by the department it sits in (docs/decisions/042). */
  ReviewGroup: { title: '审核小组', actions: ['read', 'update'], fields: ['departmentId', 'departmentPath'] },
  // Only reachable through relations.
  MatterOfficer: { title: '事项执法人员', actions: [], fields: ['userId', 'matterId', 'position'], relations: { matter: 'Matter' } },
  DocumentAccessGrant: { title: '查阅授权', actions: [], fields: ['userId', 'matterId', 'documentId', 'until'] },
}

export const ACTION_TITLES: Record<string, string> = {
  read: '查看', create: '新建', update: '修改', stop: '停用', manage: '管理（全部操作）', delete: '删除',
  complete: '办理', claim: '签收', assign: '转办', receive: '接收转办', approve: '审批',
}

export const FIELD_TITLES: Record<string, string> = {
  id: '编号', kind: '类型', status: '状态', departmentId: '所属部门', departmentPath: '所属部门（含上级路径）', path: '部门路径', organId: '所属机关',
  createdById: '开启人', madeById: '制作人', issuedById: '签发人', assigneeId: '指定办理人', role: '岗位角色', businessKey: '所属事项',
  deletedAt: '删除时间', userId: '人员', until: '期限', officers: '执法人员', matter: '所属事项', accessGrants: '查阅授权', requests: '相关申请',
  formKey: '文书种类', matterId: '所属事项', actorId: '操作人', partyId: '管理相对人', number: '文号',
  key: '配置项', ownerOrganId: '配置所属机关', proposedById: '提议人', proposerDepartmentId: '提议人所在部门', proposerOrganId: '提议人所在机关',
}

/** Prisma operators a condition may use on a scalar field. */
export const SCALAR_OPERATORS = new Set(['equals', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'startsWith', 'endsWith', 'contains', 'not'])
/** Prisma operators on a relation. */
export const RELATION_OPERATORS = new Set(['is', 'isNot', 'some', 'every', 'none'])
