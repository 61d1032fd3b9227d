// The staff console. The key lives in sessionStorage (gone when the tab closes) and goes out as X-Api-Key.
// Student questions and guide text are shown with textContent only.
"use strict";

(() => {
  const KEY = "clearance.staffKey";
  const $ = id => document.getElementById(id);
  let me = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function cell(text, className) {
    return el("td", className, text);
  }

  function when(value) {
    if (!value) return "";
    const d = new Date(value);
    return isNaN(d) ? String(value) : d.toLocaleString("zh-CN", { hour12: false });
  }

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { ...(options.headers || {}), "X-Api-Key": sessionStorage.getItem(KEY) || "" },
    });
    if (response.status === 401) {
      logout("Key 无效或已失效，请重新输入。");
      throw new Error("unauthorised");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && (body.detail || body.title)) || `HTTP ${response.status}`);
    return body;
  }

  function fill(tableId, rows, columns, emptyText) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren();
    if (!rows || rows.length === 0) {
      const tr = el("tr");
      const td = cell(emptyText, "empty");
      td.colSpan = columns;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    for (const cells of rows) {
      const tr = el("tr");
      tr.append(...cells);
      body.appendChild(tr);
    }
  }

  function showKnowledge(status) {
    fill("schools-table", status.schools.map(s => [
      cell(`${s.name}（${s.id}）`), cell(s.guides, "num"), cell(s.errors, "num"),
    ]), 3, "没有加载到学校");
    const list = $("load-errors");
    list.replaceChildren();
    for (const error of status.errors) {
      const item = el("li");
      item.appendChild(el("code", null, error.line > 0 ? `${error.file}:${error.line}` : error.file));
      item.appendChild(document.createTextNode(` ${error.message}`));
      list.appendChild(item);
    }
  }

  async function loadKnowledge() {
    showKnowledge(await api("/api/console/knowledge"));
  }

  async function reload() {
    const button = $("reload");
    const status = $("reload-status");
    button.disabled = true;
    status.textContent = "正在重新加载…";
    try {
      const result = await api("/api/console/knowledge/reload", { method: "POST" });
      const guides = result.schools.reduce((n, s) => n + s.guides, 0);
      status.textContent = `已重新加载（${when(result.loadedAt)}）：${result.schools.length} 所学校，${guides} 篇指南，${result.errors.length} 个错误`;
      showKnowledge(result);
    } catch (error) {
      status.textContent = `加载失败：${error.message}`;
    } finally {
      button.disabled = !(me && me.isAdmin);
    }
  }

  async function loadQuestions() {
    if (!me.isAdmin) {
      fill("questions-table", [], 5, "学生提的问题只对学校管理员可见（Office 为 * 的 Key）。");
      return;
    }
    const rows = await api(`/api/console/${encodeURIComponent(me.school)}/questions`);
    fill("questions-table", rows.map(q => {
      const kind = el("span", `tag ${q.kind}`, q.kind === "unanswered" ? "未答出" : "低置信度");
      const kindCell = el("td");
      kindCell.appendChild(kind);
      const guide = q.nearestGuideId ? `${q.nearestGuideTitle || "（已删除）"}\n${q.nearestGuideId}` : "—";
      return [cell(q.text), kindCell, cell(q.count, "num"), cell(guide), cell(when(q.lastAskedAt))];
    }), 5, "还没有记录：学生的问题都答上了。");
  }

  async function loadFeedback() {
    const rows = await api(`/api/console/${encodeURIComponent(me.school)}/feedback`);
    fill("feedback-table", rows.map(f => [
      cell(f.guideId ? `${f.title || "（已删除）"}\n${f.guideId}` : "（未指明指南）"),
      cell(f.helpful, "num"), cell(f.notHelpful, "num"),
    ]), 3, "还没有反馈。");
  }

  async function loadLint() {
    const report = await api(`/api/console/${encodeURIComponent(me.school)}/lint`);
    $("lint-summary").textContent = report.summary;
    fill("lint-table", report.findings.map(f => [
      cell(f.severity === "error" ? "错误" : "警告", f.severity), cell(f.check), cell(f.file), cell(f.message),
    ]), 4, "没有发现问题。");
  }

  async function loadDeliveries() {
    const rows = await api(`/api/console/${encodeURIComponent(me.school)}/deliveries`);
    fill("deliveries-table", rows.map(d => [
      cell(when(d.updatedAt)), cell(d.kind), cell(d.studentId), cell(d.occurrenceDate),
      cell(d.status), cell(d.attempts, "num"), cell(d.lastErrorCode || ""),
    ]), 7, "还没有提醒发送记录。");
  }

  // Administrators only: which student ids had failed binding checks, and clearing one when its student calls.
  async function loadBinding() {
    if (!me.isAdmin) return;
    $("binding").hidden = false;
    const view = await api(`/api/console/${encodeURIComponent(me.school)}/binding`);
    $("binding-rules").textContent = `每个账号 ${view.accountWindowDays} 天内可验证 ${view.checksPerAccount} 次；同一学号每天 ${view.studentChecksPerDay} 次后只接受从未验证过的账号。` +
      "学生说无法绑定时，核对身份后点“解除”：该学号今日的计数和在该学号上失败过的账号全部重置（记入审计日志）。";
    fill("binding-table", view.students.map(s => {
      const button = el("button", null, "解除");
      button.type = "button";
      button.addEventListener("click", () => clearBinding(s.studentId, button));
      const action = el("td");
      action.appendChild(button);
      return [
        cell(s.studentId), cell(s.failures, "num"),
        cell(`${s.checksToday}${s.dailyBudgetSpent ? "（已满）" : ""}`, "num"),
        cell(s.accounts, "num"), cell(s.lockedAccounts, "num"), cell(when(s.lastFailedAt)), action,
      ];
    }), 7, "近 30 天没有绑定验证失败。");
  }

  async function clearBinding(studentId, button) {
    if (!confirm(`解除学号 ${studentId} 的绑定锁定？此操作会记入审计日志。`)) return;
    button.disabled = true;
    try {
      await api(`/api/console/${encodeURIComponent(me.school)}/binding/${encodeURIComponent(studentId)}/clear`, { method: "POST" });
      $("binding-status").textContent = `已解除 ${studentId}。`;
      await loadBinding();
    } catch (error) {
      $("binding-status").textContent = `解除失败：${error.message}`;
      button.disabled = false;
    }
  }

  async function enter() {
    me = await api("/api/console/me");
    $("who").textContent = `${me.label} · ${me.schoolName || me.school}${me.isAdmin ? " · 管理员" : ""}`;
    $("login").hidden = true;
    $("logout").hidden = false;
    $("dashboard").hidden = false;
    $("reload").disabled = !me.isAdmin;
    $("reload").title = me.isAdmin ? "" : "需要管理员 Key（Office 为 *）";
    const results = await Promise.allSettled([loadKnowledge(), loadQuestions(), loadFeedback(), loadDeliveries(), loadLint(), loadBinding()]);
    const failed = results.find(r => r.status === "rejected");
    if (failed) $("reload-status").textContent = `部分数据加载失败：${failed.reason.message}`;
  }

  function logout(message) {
    sessionStorage.removeItem(KEY);
    me = null;
    $("dashboard").hidden = true;
    $("binding").hidden = true;
    $("logout").hidden = true;
    $("who").textContent = "";
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    $("key").value = "";
    $("key").focus();
  }

  $("login").addEventListener("submit", async event => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $("key").value.trim());
    $("login-error").textContent = "";
    try {
      await enter();
    } catch (error) {
      if (error.message !== "unauthorised") $("login-error").textContent = error.message;
    }
  });
  $("logout").addEventListener("click", () => logout());
  $("reload").addEventListener("click", reload);

  if (sessionStorage.getItem(KEY)) enter().catch(() => {});
  else logout();
})();
