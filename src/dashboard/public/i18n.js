// Every string of the page, in one table: English and Chinese. The chosen language is remembered in
// localStorage ('cg.lang'). Keys missing in one language fall back to English, then to the key.
export const STRINGS = {
  en: {
    title: 'Compliance dashboard', 'lang.hint': 'Switch language', 'lang.other': '中文', logout: 'Log out',
    'nav.overview': 'Overview', 'nav.violations': 'Violations', 'nav.remediation': 'Remediation', 'nav.complaints': 'Complaints', 'nav.rules': 'Rules',
    'login.title': 'Officer login', 'login.name': 'Name', 'login.password': 'Password', 'login.submit': 'Log in',
    'login.failed': 'Wrong name or password.', 'login.limited': 'Too many failed logins. Try again in {s} s.', 'login.notConfigured': 'No officers are configured. Add dashboard.officers to the gateway config.',
    loading: 'Loading…', error: 'Error', 'error.session': 'Your session ended. Log in again.', none: 'none', yes: 'yes', no: 'no',
    'ov.period': 'Last 30 days', 'ov.violations': 'Violations', 'ov.requests': 'Requests', 'ov.mode': 'Policy mode', 'ov.revision': 'Rules revision',
    'ov.storage': 'Content storage', 'ov.shadow': 'Shadow decisions', 'ov.byDay': 'Violations per day', 'ov.byCategory': 'By category',
    'ov.byAction': 'By action', 'ov.topRules': 'Top rules', 'ov.topModels': 'Top models', 'ov.topTenants': 'Top tenants',
    'ov.streamed': 'Streamed vs not', 'ov.countdown': 'Remediation countdown', 'ov.open': 'Open', 'ov.dueSoon': 'Due within {d} days', 'ov.overdue': 'Overdue',
    'ov.nextDeadline': 'Next deadline', 'ov.streamedYes': 'streamed', 'ov.streamedNo': 'not streamed', 'ov.traffic': 'all traffic', 'ov.noData': 'No data in this period.',
    'mode.enforce': 'enforce', 'mode.shadow': 'shadow (records only)', 'stage.input': 'input', 'stage.output': 'output', 'unknown': '(none)',
    'f.since': 'From', 'f.until': 'Until', 'f.category': 'Category', 'f.stage': 'Stage', 'f.action': 'Action', 'f.status': 'Status', 'f.model': 'Model',
    'f.tenant': 'Tenant', 'f.q': 'Search text or request id', 'f.any': 'any', 'f.apply': 'Filter', 'f.reset': 'Reset',
    'status.none': 'no item', 'status.open': 'open', 'status.confirmed': 'confirmed', 'status.false_positive': 'false positive', 'status.remediated': 'remediated', 'status.overdue': 'overdue',
    'action.block': 'block', 'action.redact': 'redact', 'action.flag': 'flag', 'action.allow': 'allow',
    'v.time': 'Time', 'v.id': '#', 'v.stage': 'Stage', 'v.action': 'Action', 'v.categories': 'Categories', 'v.model': 'Model', 'v.excerpt': 'Excerpt',
    'v.status': 'Status', 'v.deadline': 'Deadline', 'v.select': 'Select', 'v.selectAll': 'Select all on this page', 'v.open': 'Open violation {id}',
    'v.total': '{n} violations', 'v.page': 'Page {p} of {n}', 'v.prev': 'Previous', 'v.next': 'Next', 'v.empty': 'No violations match.',
    'r.note': 'Note', 'r.notePlaceholder': 'Why (kept as evidence)', 'r.confirm': 'Confirm', 'r.fp': 'False positive', 'r.reopen': 'Reopen', 'r.addNote': 'Add note',
    'r.bulk': 'With the selected', 'r.done': '{ok} item(s) updated, {bad} refused.', 'r.noItem': '{n} selected violation(s) opened no remediation item (flag or redact).',
    'r.needNote': 'Write a note first.', 'r.noneSelected': 'Select violations first.', 'r.readOnly': 'Your role can read but not review.',
    'd.back': '← Back to violations', 'd.title': 'Violation #{id}', 'd.request': 'Request id', 'd.time': 'Time', 'd.route': 'Route', 'd.model': 'Model', 'd.tenant': 'Tenant',
    'd.stage': 'Stage', 'd.action': 'Decided / enforced', 'd.shadow': 'Shadow mode', 'd.streamed': 'Streamed', 'd.revision': 'Policy revision', 'd.storage': 'Storage mode',
    'd.source': 'Source', 'd.rowHash': 'Row hash', 'd.content': 'Content (matched spans highlighted)', 'd.noContent': 'Content is kept as a SHA-256 hash only.',
    'd.prompt': 'Prompt behind this output', 'd.findings': 'Findings', 'd.reasons': 'Reasons', 'd.item': 'Remediation item', 'd.reviews': 'Review log',
    'd.noItem': 'This violation opened no remediation item (flags and redactions do not).', 'd.review': 'Review',
    'fd.rule': 'Rule', 'fd.category': 'Category', 'fd.severity': 'Severity', 'fd.score': 'Score', 'fd.excerpt': 'Excerpt', 'fd.via': 'Via', 'fd.segment': 'Segment',
    'al.title': 'Allow-list this false positive', 'al.phrase': 'Benign phrase containing the matched words', 'al.add': 'Add to allow list',
    'al.done': 'Added to {file}; rules revision {rev} is live.', 'al.finding': 'Finding',
    'it.id': 'Item', 'it.count': 'Count', 'it.firstSeen': 'First seen', 'it.source': 'Source', 'it.daysLeft': 'Days left', 'it.replay': 'Last replay',
    'it.replayStill': 'still violates', 'it.replayFixed': 'fixed', 'it.replayRefused': 'refuses', 'it.never': 'not replayed', 'it.empty': 'The queue is empty.',
    'rv.time': 'Time', 'rv.by': 'By', 'rv.from': 'From', 'rv.to': 'To', 'rv.note': 'Note',
    'rem.title': 'Remediation queue', 'rem.exports': 'Exports', 'rem.exportHint': 'Items in the status filter below, streamed from the report writers.',
    'rem.replays': 'Replay results by category', 'rem.replayed': 'Replayed', 'rem.still': 'Still violating', 'rem.showing': 'Showing',
    'exp.sft': 'SFT (JSONL)', 'exp.preference': 'Preference (JSONL)', 'exp.csv': 'CSV', 'exp.json': 'JSON', 'exp.html': 'HTML report',
    'c.title': 'Complaint queue', 'c.id': 'Complaint', 'c.received': 'Received', 'c.deadline': 'Respond by', 'c.state': 'State', 'c.answered': 'answered by {who}',
    'c.late': 'late', 'c.waiting': 'waiting', 'c.empty': 'No complaints.', 'c.violation': 'Violation',
    'ru.title': 'Rules', 'ru.packs': 'Keyword packs', 'ru.file': 'File', 'ru.lang': 'Lang', 'ru.kind': 'Kind', 'ru.entries': 'Entries', 'ru.coverage': 'Coverage against TC260-003 §8.1',
    'ru.code': 'Risk', 'ru.name': 'Name', 'ru.keywords': 'Keywords', 'ru.minimum': 'Minimum', 'ru.gap': 'Gap', 'ru.total': 'Total {n} of {min}',
    'ru.try': 'Try a text', 'ru.tryText': 'Text', 'ru.tryStage': 'Stage', 'ru.tryRun': 'Check', 'ru.result': 'The policy would: {a}', 'ru.redacted': 'After redaction',
  },
  zh: {
    title: '合规管理后台', 'lang.hint': '切换语言', 'lang.other': 'English', logout: '退出登录',
    'nav.overview': '概览', 'nav.violations': '违规记录', 'nav.remediation': '整改', 'nav.complaints': '投诉', 'nav.rules': '规则',
    'login.title': '合规专员登录', 'login.name': '用户名', 'login.password': '密码', 'login.submit': '登录',
    'login.failed': '用户名或密码错误。', 'login.limited': '登录失败次数过多，请 {s} 秒后再试。', 'login.notConfigured': '尚未配置专员账号，请在网关配置中添加 dashboard.officers。',
    loading: '加载中…', error: '错误', 'error.session': '会话已结束，请重新登录。', none: '无', yes: '是', no: '否',
    'ov.period': '最近 30 天', 'ov.violations': '违规', 'ov.requests': '请求', 'ov.mode': '策略模式', 'ov.revision': '规则版本',
    'ov.storage': '内容存储', 'ov.shadow': '影子模式决定', 'ov.byDay': '每日违规', 'ov.byCategory': '按类别',
    'ov.byAction': '按处置', 'ov.topRules': '高频规则', 'ov.topModels': '高频模型', 'ov.topTenants': '高频租户',
    'ov.streamed': '流式与非流式', 'ov.countdown': '整改倒计时', 'ov.open': '待处理', 'ov.dueSoon': '{d} 天内到期', 'ov.overdue': '已逾期',
    'ov.nextDeadline': '最近期限', 'ov.streamedYes': '流式', 'ov.streamedNo': '非流式', 'ov.traffic': '全部流量', 'ov.noData': '此期间无数据。',
    'mode.enforce': '执行', 'mode.shadow': '影子（仅记录）', 'stage.input': '输入', 'stage.output': '输出', 'unknown': '（无）',
    'f.since': '起始', 'f.until': '截止', 'f.category': '类别', 'f.stage': '阶段', 'f.action': '处置', 'f.status': '状态', 'f.model': '模型',
    'f.tenant': '租户', 'f.q': '搜索文本或请求 ID', 'f.any': '全部', 'f.apply': '筛选', 'f.reset': '重置',
    'status.none': '无整改项', 'status.open': '待处理', 'status.confirmed': '已确认', 'status.false_positive': '误报', 'status.remediated': '已整改', 'status.overdue': '已逾期',
    'action.block': '拦截', 'action.redact': '脱敏', 'action.flag': '标记', 'action.allow': '放行',
    'v.time': '时间', 'v.id': '编号', 'v.stage': '阶段', 'v.action': '处置', 'v.categories': '类别', 'v.model': '模型', 'v.excerpt': '摘录',
    'v.status': '状态', 'v.deadline': '期限', 'v.select': '选择', 'v.selectAll': '全选本页', 'v.open': '打开违规 {id}',
    'v.total': '共 {n} 条违规', 'v.page': '第 {p} / {n} 页', 'v.prev': '上一页', 'v.next': '下一页', 'v.empty': '没有符合条件的违规。',
    'r.note': '备注', 'r.notePlaceholder': '原因（作为证据保存）', 'r.confirm': '确认违规', 'r.fp': '标记误报', 'r.reopen': '重新打开', 'r.addNote': '添加备注',
    'r.bulk': '对所选项', 'r.done': '已更新 {ok} 项，{bad} 项被拒绝。', 'r.noItem': '所选 {n} 条违规未产生整改项（标记或脱敏）。',
    'r.needNote': '请先填写备注。', 'r.noneSelected': '请先选择违规。', 'r.readOnly': '您的角色只能查看，不能审核。',
    'd.back': '← 返回违规列表', 'd.title': '违规 #{id}', 'd.request': '请求 ID', 'd.time': '时间', 'd.route': '路由', 'd.model': '模型', 'd.tenant': '租户',
    'd.stage': '阶段', 'd.action': '决定 / 执行', 'd.shadow': '影子模式', 'd.streamed': '流式', 'd.revision': '策略版本', 'd.storage': '存储方式',
    'd.source': '来源', 'd.rowHash': '行哈希', 'd.content': '内容（命中片段已高亮）', 'd.noContent': '内容仅以 SHA-256 哈希保存。',
    'd.prompt': '此输出对应的提示词', 'd.findings': '命中项', 'd.reasons': '原因', 'd.item': '整改项', 'd.reviews': '审核记录',
    'd.noItem': '此违规未产生整改项（标记和脱敏不会产生）。', 'd.review': '审核',
    'fd.rule': '规则', 'fd.category': '类别', 'fd.severity': '严重度', 'fd.score': '分数', 'fd.excerpt': '摘录', 'fd.via': '途径', 'fd.segment': '片段',
    'al.title': '将此误报加入白名单', 'al.phrase': '包含命中词的正常短语', 'al.add': '加入白名单',
    'al.done': '已写入 {file}；规则版本 {rev} 已生效。', 'al.finding': '命中项',
    'it.id': '整改项', 'it.count': '次数', 'it.firstSeen': '首次发现', 'it.source': '来源', 'it.daysLeft': '剩余天数', 'it.replay': '最近回放',
    'it.replayStill': '仍违规', 'it.replayFixed': '已修复', 'it.replayRefused': '已拒答', 'it.never': '未回放', 'it.empty': '队列为空。',
    'rv.time': '时间', 'rv.by': '操作人', 'rv.from': '原状态', 'rv.to': '新状态', 'rv.note': '备注',
    'rem.title': '整改队列', 'rem.exports': '导出', 'rem.exportHint': '导出下方状态筛选内的整改项，由报告生成器流式输出。',
    'rem.replays': '按类别的回放结果', 'rem.replayed': '已回放', 'rem.still': '仍违规', 'rem.showing': '显示',
    'exp.sft': 'SFT（JSONL）', 'exp.preference': '偏好数据（JSONL）', 'exp.csv': 'CSV', 'exp.json': 'JSON', 'exp.html': 'HTML 报告',
    'c.title': '投诉队列', 'c.id': '投诉', 'c.received': '收到时间', 'c.deadline': '答复期限', 'c.state': '状态', 'c.answered': '已由 {who} 答复',
    'c.late': '已超期', 'c.waiting': '待答复', 'c.empty': '暂无投诉。', 'c.violation': '违规',
    'ru.title': '规则', 'ru.packs': '关键词包', 'ru.file': '文件', 'ru.lang': '语言', 'ru.kind': '类型', 'ru.entries': '条目', 'ru.coverage': '对照 TC260-003 §8.1 的覆盖情况',
    'ru.code': '风险', 'ru.name': '名称', 'ru.keywords': '关键词', 'ru.minimum': '最低要求', 'ru.gap': '缺口', 'ru.total': '合计 {n} / {min}',
    'ru.try': '试一段文本', 'ru.tryText': '文本', 'ru.tryStage': '阶段', 'ru.tryRun': '检测', 'ru.result': '策略将会：{a}', 'ru.redacted': '脱敏后',
  },
};

let lang = 'en';
try {
  const saved = localStorage.getItem('cg.lang');
  if (saved === 'zh' || saved === 'en') lang = saved;
  else if ((navigator.language || '').toLowerCase().startsWith('zh')) lang = 'zh';
} catch { /* storage disabled: default language */ }

export function getLang() {
  return lang;
}

export function setLang(next) {
  lang = next === 'zh' ? 'zh' : 'en';
  try { localStorage.setItem('cg.lang', lang); } catch { /* not remembered */ }
}

/** t('v.page', {p: 1, n: 3}); values are inserted as text by the caller's textContent. */
export function t(key, vars = {}) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] === undefined ? `{${k}}` : String(vars[k])));
}

/** Static labels in index.html carry data-i18n. */
export function translateStatic(root = document) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  document.title = t('title');
}
