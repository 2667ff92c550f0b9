/** Chinese names of the logged actions, for the log page. */
export const actionTitles: Record<string, string> = {
  'session.sign-in': '登录',
  'session.sign-out': '退出登录',
  'session.refused': '会话被拒绝',
  'user.create': '创建账号',
  'user.assign-role': '分配角色',
  'user.remove-role': '移除角色',
  'user.update-certificate': '更新证件',
  'user.stop': '停用账号',
  'user.reactivate': '启用账号',
  'system.seed-demo': '导入演示数据',
  'document.issue': '制发文书',
  'document.download': '下载文书',
  'document.verify-upload': '公众核验文书',
  'draft.save': '保存草稿',
  'draft.discard': '删除草稿',
}
