// The web chat page: one conversation with /api/chat, rendered like WeChat.
// Every piece of server text goes through textContent, never innerHTML: answers quote guides staff edit by hand.
"use strict";

(() => {
  // The chips: the school's example questions (from its own guides), then its WeChat menu items; both from /api/schools.
  const TIME_GAP_MS = 3 * 60 * 1000;
  const store = safeStorage();

  const messages = document.getElementById("messages");
  const schoolSelect = document.getElementById("school");
  const title = document.getElementById("title");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const send = document.getElementById("send");
  const menu = document.getElementById("menu");

  const userId = stableUserId();
  let lastTimeShown = 0;
  let busy = false;
  let schools = [];

  // ---- small DOM helpers (text only) ----

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeStorage() {
    try {
      const probe = "__probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch {
      // Private mode or storage disabled: the page still works, the id just lasts one visit.
      const memory = new Map();
      return { getItem: k => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v) };
    }
  }

  function stableUserId() {
    let id = store.getItem("clearance.userId");
    if (!id) {
      const random = window.crypto && crypto.randomUUID
        ? crypto.randomUUID()
        : Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
      id = "web-" + random;
      store.setItem("clearance.userId", id);
    }
    return id;
  }

  function pad(n) { return String(n).padStart(2, "0"); }

  function maybeTime(now) {
    if (now - lastTimeShown < TIME_GAP_MS) return;
    lastTimeShown = now;
    const d = new Date(now);
    messages.appendChild(el("div", "time", `${pad(d.getHours())}:${pad(d.getMinutes())}`));
  }

  function scrollDown() {
    messages.scrollTop = messages.scrollHeight;
  }

  function notice(text) {
    const line = el("div", "notice");
    line.appendChild(el("span", null, text));
    messages.appendChild(line);
    scrollDown();
  }

  function message(who, text) {
    const now = Date.now();
    maybeTime(now);
    const row = el("div", `msg ${who}`);
    row.appendChild(el("div", "avatar", who === "user" ? "我" : "离"));
    const body = el("div", "body");
    const bubble = el("div", "bubble", text);
    bubble.title = new Date(now).toLocaleString("zh-CN");
    body.appendChild(bubble);
    row.appendChild(body);
    messages.appendChild(row);
    scrollDown();
    return { row, body, bubble };
  }

  // ---- the answer's structured parts ----

  // The reply text is complete on its own (WeChat gets only text); the page shows the card and sources as
  // their own blocks, so the same lines are left out of the bubble. Without the markers the text stays whole.
  function textWithoutStructuredParts(text, hasCard, hasSources) {
    const lines = text.split("\n");
    const keep = [];
    let inCard = false;
    for (const line of lines) {
      if (hasSources && line.startsWith("来源：")) { inCard = false; continue; }
      if (hasCard && line.startsWith("📍")) { inCard = true; continue; }
      if (inCard && (line.startsWith("·") || line.startsWith("☎") || line.startsWith("🕘"))) continue;
      inCard = false;
      keep.push(line);
    }
    const trimmed = keep.join("\n").trim();
    return trimmed.length > 0 ? trimmed : text;
  }

  function renderCard(card) {
    const box = el("section", "card");
    box.setAttribute("aria-label", "去哪办");
    box.appendChild(el("h3", null, card.office ? `去哪办 · ${card.office}` : "去哪办"));
    const list = el("dl");
    const row = (label, value) => {
      list.appendChild(el("dt", null, label));
      list.appendChild(value instanceof Node ? value : el("dd", null, value));
    };
    if (card.where) row("地点", card.where);
    if (Array.isArray(card.phone) && card.phone.length > 0) {
      const phones = el("dd", "phones");
      for (const phone of card.phone) {
        const link = el("a", null, phone);
        // Only digits, +, - and spaces reach the tel: link; anything else in the string stays plain text.
        const dial = String(phone).replace(/[^0-9+]/g, "");
        if (dial.length >= 5) link.href = "tel:" + dial;
        phones.appendChild(link);
      }
      row("电话", phones);
    }
    if (card.hours) row("时间", card.hours);
    box.appendChild(list);
    return box;
  }

  function renderSources(sources) {
    const box = el("div", "sources");
    for (const source of sources) {
      const label = source.section ? `来源：${source.title} · ${source.section}` : `来源：${source.title}`;
      const line = el("span", "source", label);
      line.title = source.id;
      box.appendChild(line);
    }
    return box;
  }

  function renderFeedback(reply) {
    const box = el("div", "actions feedback");
    const up = el("button", "fb-up", "👍 有用");
    const down = el("button", "fb-down", "👎 没用");
    const thanks = el("span", "thanks");
    for (const button of [up, down]) {
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
    }
    up.setAttribute("aria-label", "这条回答有用");
    down.setAttribute("aria-label", "这条回答没用");
    const vote = async helpful => {
      up.setAttribute("aria-pressed", String(helpful));
      down.setAttribute("aria-pressed", String(!helpful));
      thanks.textContent = "";
      try {
        const response = await fetch("/api/feedback", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            userId,
            school: schoolSelect.value,
            answerId: reply.answerId,
            helpful,
          }),
        });
        thanks.textContent = response.ok ? "谢谢反馈" : "反馈未记录";
      } catch {
        thanks.textContent = "反馈未记录";
      }
    };
    up.addEventListener("click", () => vote(true));
    down.addEventListener("click", () => vote(false));
    box.append(up, down, thanks);
    return box;
  }

  function renderQuickReplies(options) {
    const box = el("div", "actions quick");
    for (const option of options) box.appendChild(chip(option));
    return box;
  }

  function chip(text) {
    const button = el("button", "chip", text);
    button.type = "button";
    button.addEventListener("click", () => ask(text));
    return button;
  }

  function renderReply(question, reply) {
    const sources = Array.isArray(reply.sources) ? reply.sources : [];
    const quickReplies = Array.isArray(reply.quickReplies) ? reply.quickReplies : [];
    reply.sources = sources;
    const shown = textWithoutStructuredParts(String(reply.reply ?? ""), !!reply.card, sources.length > 0);
    const { row, body } = message("bot", shown);
    row.dataset.intent = reply.intent ?? "";
    row.dataset.answered = String(!!reply.answered);
    if (reply.card) body.appendChild(renderCard(reply.card));
    if (sources.length > 0) body.appendChild(renderSources(sources));
    if (reply.answerId) body.appendChild(renderFeedback(reply));
    if (quickReplies.length > 0) body.appendChild(renderQuickReplies(quickReplies));
    scrollDown();
  }

  // ---- the reminder inbox (embedded demo: what the reminders would push to a bound student) ----

  const inboxButton = document.getElementById("inbox");

  async function showInbox(quietWhenEmpty) {
    let inbox;
    try {
      const response = await fetch(`/api/reminders/inbox?school=${encodeURIComponent(schoolSelect.value)}`);
      if (!response.ok) return;   // distributed mode: no web inbox
      inbox = await response.json();
    } catch {
      return;
    }
    inboxButton.hidden = false;
    if (!inbox.bound) {
      if (!quietWhenEmpty) notice("绑定后可在这里看到提醒（回复“绑定”）");
      return;
    }
    if (inbox.items.length === 0) {
      if (!quietWhenEmpty) notice("未来一年没有要推送给你的提醒");
      return;
    }
    const { body } = message("bot", "📬 提醒收件箱（演示：这些提醒会按日期推送到微信，这里只是预览）");
    const list = el("ul", "inbox");
    for (const item of inbox.items) {
      const entry = el("li");
      entry.appendChild(el("strong", null, `${item.date} · ${item.title}`));
      entry.appendChild(el("div", "inbox-text", item.text));
      list.appendChild(entry);
    }
    body.appendChild(list);
    scrollDown();
  }

  inboxButton.addEventListener("click", () => showInbox(false));

  // ---- talking to the bot ----

  async function ask(text) {
    const question = text.trim();
    if (!question || busy) return;
    if (!schoolSelect.value) {
      notice("请先选择学校");
      return;
    }
    busy = true;
    send.disabled = true;
    message("user", question);
    const typing = message("bot", "···");
    typing.bubble.classList.add("typing");
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ userId, school: schoolSelect.value, text: question }),
      });
      typing.row.remove();
      if (response.ok) {
        const reply = await response.json();
        renderReply(question, reply);
        if (reply.intent === "bind" && reply.answered && /绑定成功/.test(reply.reply || "")) showInbox(true);
      } else {
        const problem = await response.json().catch(() => ({}));
        notice(problem.title ? `出错了：${problem.title}` : `出错了（${response.status}），请稍后再试`);
      }
    } catch {
      typing.row.remove();
      notice("网络不通，请稍后再试");
    } finally {
      busy = false;
      send.disabled = false;
    }
  }

  form.addEventListener("submit", event => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    ask(text);
    input.focus();
  });

  function currentSchool() {
    return schools.find(s => s.id === schoolSelect.value);
  }

  function examples() {
    const school = currentSchool();
    return school && Array.isArray(school.examples) ? school.examples : [];
  }

  function showMenu() {
    const school = currentSchool();
    const items = school && Array.isArray(school.menu) ? school.menu : [];
    menu.replaceChildren(...[...examples(), ...items].map(chip));
    const first = examples()[0];
    input.placeholder = first ? `输入问题，如“${first}”` : "输入问题";
  }

  function schoolName() {
    const option = schoolSelect.selectedOptions[0];
    return option ? option.textContent : "";
  }

  function greet() {
    title.textContent = "离校助手";
    document.title = `${schoolName()}离校助手`;
    // The greeting's examples are the school's own, like the chips: another school's may not be answered here.
    const shown = examples().slice(0, 2).map(e => `“${e}”`).join("");
    message("bot",
      `你好！我是${schoolName()}离校助手。\n` +
      (shown ? `直接问我离校手续的问题，比如${shown}；\n` : "直接问我离校手续的问题；\n") +
      "也可以点下面的按钮查询离校进度、设置提醒或联系我们。");
  }

  schoolSelect.addEventListener("change", () => {
    store.setItem("clearance.school", schoolSelect.value);
    showMenu();
    notice(`已切换到${schoolName()}`);
    greet();
  });

  async function loadSchools() {
    try {
      const response = await fetch("/api/schools");
      schools = response.ok ? await response.json() : [];
      for (const school of schools) {
        const option = el("option", null, school.name);
        option.value = school.id;
        schoolSelect.appendChild(option);
      }
      const saved = store.getItem("clearance.school");
      if (saved && schools.some(s => s.id === saved)) schoolSelect.value = saved;
      showMenu();
      greet();
      showInbox(true);
    } catch {
      notice("无法加载学校列表，请刷新重试");
    }
  }

  loadSchools();
})();
