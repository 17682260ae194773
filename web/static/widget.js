/* IOP FAQ chat widget: <script src="https://HOST/widget.js" defer></script> (data-title, data-color,
 * data-position, data-api). No dependencies or cookies; text set as text. Settings: /api/widget-config */
(function () {
"use strict";

var script = document.currentScript;
if (!script || window.__iopFaqWidget) return;
window.__iopFaqWidget = true;

var MAX_STORED = 60;
var DEFAULT_WAIT = 20;
var UNAVAILABLE = "Sorry, the assistant isn\u2019t available on this site right now.";
var FULL_SCREEN = "(max-width: 480px), (max-height: 560px)";
var SVG_NS = "http://www.w3.org/2000/svg";
var ICONS = {
  chat: "M5 3h14a3 3 0 0 1 3 3v9a3 3 0 0 1-3 3h-9l-5 4v-4a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3z",
  close: "M6 6l12 12M18 6L6 18",
  send: "M4 12l16-8-6 16-2.5-6.5L4 12z"
};
/* Until the server's settings arrive (or if they cannot). */
var config = {
  max_message_chars: 1000, starter_questions: [], notice: "General information, not medical advice.",
  crisis_lines: [{ tel: "988", sms: "988" }, { tel: "911" }]
};

var scriptUrl = new URL(script.src, location.href);
var apiAttr = script.getAttribute("data-api");
var options = {
  stylesheet: new URL("widget.css", scriptUrl).href,
  api: (apiAttr ? new URL(apiAttr, location.href).href : scriptUrl.origin + "/").replace(/\/?$/, "/"),
  title: script.getAttribute("data-title") || "Questions about IOP",
  position: script.getAttribute("data-position") === "left" ? "left" : "right",
  color: script.getAttribute("data-color") || ""
};
var storageKey = "iop-faq-widget:" + options.api;

function el(name, attrs, children) {
  var node = document.createElement(name);
  Object.keys(attrs || {}).forEach(function (key) {
    var value = attrs[key];
    if (value == null || value === false) return;
    if (key === "text") node.textContent = value;
    else if (key === "c") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  });
  (children || []).forEach(function (child) {
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}

function icon(name) {
  var svg = document.createElementNS(SVG_NS, "svg");
  var path = svg.appendChild(document.createElementNS(SVG_NS, "path"));
  path.setAttribute("d", ICONS[name]);
  [["viewBox", "0 0 24 24"], ["aria-hidden", "true"], ["class", "iop-icon iop-icon-" + name]]
    .forEach(function (pair) { svg.setAttribute(pair[0], pair[1]); });
  return svg;
}

function srOnly(text) {
  return el("span", { c: "iop-sr", text: text });
}

function list(value) {
  return Array.isArray(value) ? value : [];
}

function digits(number) {
  return String(number).replace(/\D/g, "");
}

/* The call and text actions of a help line (a reply source with tel/sms/sms_body). */
function actions(line) {
  var list = [];
  if (typeof line.tel === "string") list.push({ label: "Call " + line.tel, href: "tel:" + digits(line.tel) });
  if (typeof line.sms === "string") {
    var body = typeof line.sms_body === "string" ? line.sms_body : "";
    list.push({
      label: "Text " + (body ? body + " to " : "") + line.sms,
      href: "sms:" + digits(line.sms) + (body ? "?&body=" + encodeURIComponent(body) : "")
    });
  }
  return list;
}

function actionLink(action, line, className) {
  return el("a", { c: className, href: action.href }, [action.label, line.title ? srOnly(", " + line.title) : null]);
}

function number(line) {
  return line && (line.tel || line.sms);
}

/* The reply's help lines, then those of every page it lacks; others are named. */
function crisisActions(reply) {
  var main = config.crisis_lines.map(number);
  var lines = (reply.sources || []).filter(number);
  var shown = lines.map(number);
  lines = lines.concat(config.crisis_lines.filter(function (line) { return shown.indexOf(number(line)) < 0; }));
  return el("div", { c: "iop-actions", role: "group", "aria-label": "Help lines" }, lines.map(function (line) {
    var name = main.indexOf(number(line)) < 0 && line.title ? el("p", { c: "iop-line-name", text: line.title }) : null;
    return el("div", { c: "iop-line" }, [name].concat(actions(line).map(function (action) {
      return actionLink(action, line, "iop-action" + (action.href === "tel:911" ? " iop-action-urgent" : ""));
    })));
  }));
}

function paragraphs(text) {
  var fragment = document.createDocumentFragment();
  text.split(/\n{2,}/).forEach(function (part) {
    if ((part = part.trim())) fragment.appendChild(el("p", { c: "iop-text", text: part }));
  });
  return fragment;
}

function sourceLine(sources) {
  var first = sources && sources[0];
  if (!first || typeof first.title !== "string") return null;
  return el("p", { c: "iop-source" }, ["Source: " + first.title]);
}

function chips(questions, label) {
  var group = el("div", { c: "iop-chips", role: "group", "aria-label": label });
  questions.forEach(function (question) {
    if (typeof question !== "string") return;
    var chip = el("button", { type: "button", c: "iop-chip", text: question });
    chip.addEventListener("click", function () { send(question); input.focus(); });
    group.appendChild(chip);
  });
  return group;
}

function userBubble(text, failed) {
  return el("div", { c: "iop-msg iop-user" + (failed ? " iop-failed" : "") }, [srOnly("You said: "), text,
    failed ? el("span", { c: "iop-status", text: " (not sent)" }) : null]);
}

function botBubble(message) {
  var crisis = message.intent === "crisis";
  return el("div", { c: "iop-msg iop-bot" + (crisis ? " iop-crisis" : "") }, [
    srOnly(crisis ? "Assistant, urgent: " : "Assistant: "),
    crisis ? crisisActions(message) : null,
    paragraphs(message.text),
    message.intent === "answer" ? sourceLine(message.sources) : null
  ]);
}

function errorBubble(problem) {
  var retry = null;
  if (problem.retry) {
    retry = el("button", { type: "button", c: "iop-retry", text: "Retry", disabled: blockedFor() > 0 });
    retry.addEventListener("click", function () {
      var text = pending.text;
      pending = null;
      send(text);
      input.focus();
    });
  }
  var wait = problem.wait ? [el("span", { c: "iop-wait", text: String(blockedFor()) }), " seconds."] : [];
  return el("div", { c: "iop-msg iop-error" }, [
    el("p", { c: "iop-error-text" }, [problem.text].concat(wait)), retry
  ]);
}

var state = { messages: [], context: null, open: false };
var pending = null; /* the message being sent, or that failed: {text, problem} */
var busy = false;
var blockedUntil = 0;
var unavailable = false;

function restore() {
  try {
    var saved = JSON.parse(sessionStorage.getItem(storageKey) || "null");
    state.messages = list(saved && saved.messages).filter(function (m) { return m && typeof m.text === "string"; }).slice(-MAX_STORED);
    state.context = saved.context && typeof saved.context === "object" ? saved.context : null;
    state.open = saved.open === true;
  } catch (e) { /* unavailable or unreadable: start afresh */ }
}

function save() {
  try {
    state.messages = state.messages.slice(-MAX_STORED);
    sessionStorage.setItem(storageKey, JSON.stringify(state));
  } catch (e) { /* unavailable: the conversation lasts for this page */ }
}

var host = el("div", { c: "iop-faq-widget" });
var shadow = host.attachShadow({ mode: "open" });
var root = el("aside", { c: "iop-root", "data-position": options.position, "aria-label": options.title + " chat", hidden: true });
var link = el("link", { rel: "stylesheet", href: options.stylesheet });
var launcherLabel = el("span", { c: "iop-launcher-label", text: "Ask about IOP" });
var launcher = el("button", {
  type: "button", c: "iop-launcher", "aria-expanded": "false", "aria-controls": "iop-panel"
}, [icon("chat"), launcherLabel]);
var closeButton = el("button", { type: "button", c: "iop-close", "aria-label": "Close chat" }, [icon("close")]);
var crisisRow = el("p", { c: "iop-crisis-line" });
var disclaimer = el("p", { c: "iop-disclaimer" });
/* The log is not announced as it grows; the announcer speaks each new reply, and only that. */
var log = el("div", { c: "iop-log", role: "log", "aria-live": "off", "aria-label": "Conversation", tabindex: "0" });
var announcer = el("div", { c: "iop-sr iop-announcer", role: "status", "aria-live": "polite", "aria-atomic": "true" });
var typing = el("div", { c: "iop-typing", hidden: true }, [1, 2, 3].map(function () {
  return el("span", { c: "iop-dot", "aria-hidden": "true" });
}).concat(srOnly("The assistant is typing")));
var input = el("input", {
  id: "iop-input", type: "text", c: "iop-input", maxlength: String(config.max_message_chars),
  autocomplete: "off", placeholder: "Type your question\u2026"
});
var sendButton = el("button", { type: "submit", c: "iop-send", "aria-label": "Send" }, [icon("send")]);
var form = el("form", { c: "iop-form" }, [
  el("label", { "for": "iop-input", c: "iop-sr", text: "Your question" }), input, sendButton
]);
var notice = el("div", { c: "iop-notice" }, [crisisRow, disclaimer]);
var panel = el("div", {
  id: "iop-panel", c: "iop-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "iop-title", hidden: true
}, [
  el("div", { c: "iop-header" }, [
    el("div", { c: "iop-heading" }, [
      el("h2", { id: "iop-title", c: "iop-title", text: options.title }),
      el("p", { c: "iop-subtitle", text: "Automated assistant \u00b7 not medical advice" })
    ]),
    closeButton
  ]),
  notice, log, typing, announcer, form
]);

function renderNotice() {
  crisisRow.textContent = "";
  crisisRow.appendChild(el("strong", { text: "In a crisis?" }));
  config.crisis_lines.forEach(function (line) {
    actions(line).forEach(function (action) { crisisRow.appendChild(actionLink(action, line, "iop-crisis-link")); });
  });
  disclaimer.textContent = config.notice + " Please don\u2019t enter your name or other personal details.";
}

/* The whole conversation; suggestions only under the latest reply. */
function renderLog() {
  log.textContent = "";
  var started = state.messages.length > 0 || pending;
  root.classList.toggle("iop-started", !!started);
  log.appendChild(el("p", { c: "iop-welcome", text: "Hi! I share general information about Intensive Outpatient Programs (IOP) in Massachusetts." + (started ? "" : " Try a question:") }));
  state.messages.forEach(function (message) {
    log.appendChild(message.from === "user" ? userBubble(message.text) : botBubble(message));
  });
  if (pending) {
    log.appendChild(userBubble(pending.text, !!pending.problem));
    if (pending.problem) log.appendChild(errorBubble(pending.problem));
  } else if (unavailable) {
    log.appendChild(errorBubble({ text: UNAVAILABLE }));
  } else {
    var last = state.messages[state.messages.length - 1];
    var next = last ? (last.suggestions || []) : config.starter_questions;
    if (next.length) log.appendChild(chips(next, last ? "Suggestions" : "Starter questions"));
  }
}

/* The latest exchange, from its question. */
function showLatest() {
  var bubbles = log.querySelectorAll(".iop-user");
  var target = bubbles[bubbles.length - 1];
  if (target) target.scrollIntoView({ block: "start" });
  else log.scrollTop = 0;
}

function blockedFor() {
  return Math.max(0, Math.ceil((blockedUntil - Date.now()) / 1000));
}

function updateSendable() {
  var wait = blockedFor();
  var off = busy || wait > 0 || unavailable;
  sendButton.disabled = off;
  var retry = log.querySelector(".iop-retry");
  if (retry) retry.disabled = off;
  var text = log.querySelector(".iop-wait");
  if (text) text.textContent = String(wait);
}

function setBusy(value) {
  busy = value;
  typing.hidden = !value;
  log.setAttribute("aria-busy", String(value));
  updateSendable();
}

function fullScreen() {
  return window.matchMedia(FULL_SCREEN).matches;
}

function setOpen(open, moveFocus) {
  state.open = open;
  panel.hidden = !open;
  panel.setAttribute("aria-modal", String(open && fullScreen()));
  launcher.setAttribute("aria-expanded", String(open));
  launcherLabel.textContent = open ? "Hide chat" : "Ask about IOP";
  launcher.replaceChild(icon(open ? "close" : "chat"), launcher.firstChild);
  root.classList.toggle("iop-is-open", open);
  save();
  if (open) showLatest();
  if (!moveFocus) return;
  if (open) input.focus();
  else launcher.focus();
}

/* Emptied first so a repeated reply is spoken again. */
function announce(text) {
  announcer.textContent = "";
  setTimeout(function () { announcer.textContent = text; }, 50);
}

function request(path, init) {
  return fetch(options.api + path, Object.assign({ credentials: "omit", referrerPolicy: "no-referrer" }, init));
}

function ask(message) {
  var payload = { message: message };
  if (state.context) payload.context = state.context;
  return request("api/chat", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload), cache: "no-store"
  }).then(function (response) {
    return response.json().catch(function () { return null; }).then(function (body) {
      return { status: response.status, ok: response.ok, body: body, wait: +response.headers.get("Retry-After") };
    });
  });
}

/* After a failed request: if the server answers an opaque request but not a CORS one, the
   browser refused its replies because this site is not on the server's CORS list. */
function diagnose() {
  var origin = location.origin, probe = { cache: "no-store" };
  if (new URL(options.api).origin === origin) return Promise.resolve(false);
  return request("api/health", probe).then(function () { return false; }, function () {
    return request("api/health", Object.assign({ mode: "no-cors" }, probe)).then(function () {
      console.error("IOP FAQ widget: " + options.api + " refuses requests from " + origin +
        "; add it to IOP_FAQ_CORS_ORIGINS on that server and restart it.");
      return (unavailable = true);
    }, function () { return false; });
  });
}

function problemFor(result) {
  if (result.status === 429) {
    var wait = result.wait > 0 ? result.wait : DEFAULT_WAIT;
    blockedUntil = Date.now() + wait * 1000;
    setTimeout(tick, 1000);
    return { retry: true, wait: wait, text: "Too many messages in a short time. You can send again in " };
  }
  if (result.status === 400 && result.body && typeof result.body.error === "string") {
    state.context = null;
    return { text: "Sorry, that didn\u2019t work: " + result.body.error + "." };
  }
  return { retry: true, text: "Sorry, I can\u2019t reach the assistant right now." };
}

function tick() {
  updateSendable();
  if (blockedFor() > 0) setTimeout(tick, 1000);
}

function receive(result) {
  var reply = result.body;
  if (!(result.ok && reply && typeof reply.answer === "string" && typeof reply.intent === "string")) {
    failed(pending, problemFor(result));
    return;
  }
  state.context = reply.context && typeof reply.context === "object" ? reply.context : null;
  var text = typeof reply.body === "string" ? reply.body : reply.answer;
  state.messages.push({ from: "user", text: pending.text }, {
    from: "bot", text: text, intent: reply.intent,
    sources: list(reply.sources), suggestions: list(reply.suggestions)
  });
  pending = null;
  save();
  renderLog();
  showLatest();
  announce((reply.intent === "crisis" ? "Urgent: " : "") + text);
}

/* Unanswered: kept with a Retry button, or put back in the input. */
function failed(message, problem) {
  message.problem = problem;
  pending = problem.retry ? message : null;
  if (!problem.retry && !input.value) input.value = message.text;
  renderLog();
  if (!problem.retry) log.appendChild(errorBubble(problem));
  updateSendable();
  log.lastChild.scrollIntoView({ block: "nearest" });
  announce(problem.text + (problem.wait ? problem.wait + " seconds." : ""));
}

function send(text) {
  var message = (text || "").trim();
  if (!message || busy || blockedFor() > 0 || unavailable) return false;
  pending = { text: message };
  renderLog();
  showLatest();
  setBusy(true);
  ask(message).then(receive, function () {
    return diagnose().then(function (refused) {
      failed(pending, refused ? { text: UNAVAILABLE } : problemFor({ status: 0 }));
    });
  }).then(function () { setBusy(false); });
  return true;
}

function loadConfig() {
  request("api/widget-config").then(function (response) {
    if (!response.ok) throw response.status;
    return response.json();
  }).then(function (data) {
    if (!data || !list(data.crisis_lines).length || !Array.isArray(data.starter_questions)) return;
    config = data;
    input.setAttribute("maxlength", String(config.max_message_chars));
    renderNotice();
    if (!busy) renderLog();
  }, function () {
    diagnose().then(function (refused) { if (refused) { renderLog(); updateSendable(); } });
  });
}

function luminance(rgb) {
  return [0.2126, 0.7152, 0.0722].reduce(function (sum, weight, i) {
    var c = rgb[i] / 255;
    return sum + weight * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
  }, 0.05);
}

function contrast(a, b) {
  var x = luminance(a), y = luminance(b);
  return Math.max(x, y) / Math.min(x, y);
}

/* The accent for surfaces, black or white text on it, and the accent darkened until it reads
   at 4.5:1 as text on the widget's light backgrounds. */
function applyColor(color) {
  if (!color || !(window.CSS && CSS.supports("color", color))) return;
  var probe = el("span");
  probe.style.color = color;
  shadow.appendChild(probe);
  var rgb = (getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) || []).map(Number);
  shadow.removeChild(probe);
  if (rgb.length < 3) return;
  var ink = rgb.slice(0, 3);
  while (contrast(ink, [238, 242, 247]) < 4.6) ink = ink.map(function (c) { return Math.floor(c * 0.92); });
  host.style.setProperty("--iop-accent", color);
  host.style.setProperty("--iop-on-accent", contrast(rgb, [255, 255, 255]) >= contrast(rgb, [0, 0, 0]) ? "#fff" : "#000");
  host.style.setProperty("--iop-accent-ink", "rgb(" + ink.join(",") + ")");
}

/* Full screen, the page behind is covered: Tab cycles within the panel. */
function trapFocus(event) {
  if (event.key !== "Tab" || !fullScreen()) return;
  var items = Array.prototype.filter.call(
    panel.querySelectorAll("a[href], button:enabled, input:enabled, [tabindex='0']"),
    function (item) { return item.getClientRects().length > 0; });
  if (!items.length) return;
  var edge = items[event.shiftKey ? 0 : items.length - 1], active = shadow.activeElement;
  if (active === edge || items.indexOf(active) < 0) {
    event.preventDefault();
    items[event.shiftKey ? items.length - 1 : 0].focus();
  }
}

function bind() {
  launcher.addEventListener("click", function () { setOpen(panel.hidden, true); });
  closeButton.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      setOpen(false, true);
    }
    trapFocus(event);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (send(input.value)) input.value = "";
  });
  window.matchMedia(FULL_SCREEN).addEventListener("change", function () { if (state.open) setOpen(true, false); });
  link.addEventListener("load", reveal);
  link.addEventListener("error", reveal);
}

function reveal() {
  root.hidden = false;
  if (state.open) showLatest();
}

function mount() {
  restore();
  bind();
  renderNotice();
  renderLog();
  [launcher, panel].forEach(function (node) { root.appendChild(node); });
  [link, root].forEach(function (node) { shadow.appendChild(node); });
  document.body.appendChild(host);
  applyColor(options.color);
  if (state.open) setOpen(true, false);
  loadConfig();
}

if (document.body) mount();
else document.addEventListener("DOMContentLoaded", mount);
})();
