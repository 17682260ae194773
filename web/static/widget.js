/* IOP FAQ chat widget. Embed with:
 *   <script src="https://HOST/widget.js" defer></script>
 * Options (data- attributes on the script tag): data-title, data-color,
 * data-position="left|right", data-api (base URL of the API; default: the script's origin).
 * Plain JavaScript, no dependencies, no cookies; every text is rendered as text. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__iopFaqWidget) return;
  window.__iopFaqWidget = true;

  var MAX_CHARS = 1000;
  var MAX_STORED = 60;
  var STARTERS = [
    "What is an intensive outpatient program?",
    "How long does IOP last?",
    "Is there IOP for teens?"
  ];
  var PHONE = /\b(?:1-)?\d{3}-\d{3}-\d{4}\b|\b(?:988|911|741741)\b/g;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var ICONS = {
    chat: "M5 3h14a3 3 0 0 1 3 3v9a3 3 0 0 1-3 3h-8.5L6 21.5V18H5a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3z",
    close: "M6 6l12 12M18 6L6 18",
    send: "M4 12l16-8-6 16-2.5-6.5L4 12z"
  };

  function readOptions(tag) {
    var scriptUrl = new URL(tag.src, window.location.href);
    var api = tag.getAttribute("data-api");
    return {
      stylesheet: new URL("widget.css", scriptUrl).href,
      api: (api ? new URL(api, window.location.href).href : scriptUrl.origin + "/").replace(/\/?$/, "/"),
      title: tag.getAttribute("data-title") || "Questions about IOP",
      position: tag.getAttribute("data-position") === "left" ? "left" : "right",
      color: tag.getAttribute("data-color") || ""
    };
  }

  var options = readOptions(script);
  var storageKey = "iop-faq-widget:" + options.api;

  /* ---- elements ---------------------------------------------------------------------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function icon(name) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "iop-icon iop-icon-" + name);
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function srOnly(text) {
    return el("span", { "class": "iop-sr", text: text });
  }

  function telHref(number) {
    return "tel:" + number.replace(/[^0-9]/g, "");
  }

  /* Text with phone numbers turned into tel:/sms: links, built as nodes (never as HTML). */
  function linkified(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(PHONE, function (number, offset) {
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      var textOnly = /\btext\s+\w+\s+to\s*$/i.test(text.slice(Math.max(0, offset - 24), offset));
      var href = textOnly ? "sms:" + number.replace(/[^0-9]/g, "") : telHref(number);
      fragment.appendChild(el("a", { href: href, "class": "iop-phone", text: number }));
      last = offset + number.length;
      return number;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function paragraph(text, className) {
    var p = el("p", { "class": className || null });
    text.split("\n").forEach(function (line, i) {
      if (i) p.appendChild(el("br"));
      p.appendChild(linkified(line));
    });
    return p;
  }

  function block(text) {
    var lines = text.split("\n");
    if (lines.every(function (line) { return /^\s*[-•]\s+/.test(line); })) {
      return el("ul", {}, lines.map(function (line) {
        var li = el("li");
        li.appendChild(linkified(line.replace(/^\s*[-•]\s+/, "")));
        return li;
      }));
    }
    return paragraph(text, /^Source:/.test(text) ? "iop-source" : null);
  }

  function sourceLine(sources) {
    var first = sources && sources[0];
    if (!first || typeof first.title !== "string") return null;
    var text = "Source: " + first.title;
    if (first.heading && first.heading !== first.title) text += " (section \u201c" + first.heading + "\u201d)";
    return el("p", { "class": "iop-source", text: text });
  }

  function crisisActions() {
    return el("div", { "class": "iop-actions", role: "group", "aria-label": "Crisis lines" }, [
      el("a", { "class": "iop-action", href: "tel:988", text: "Call 988" }),
      el("a", { "class": "iop-action", href: "sms:988", text: "Text 988" }),
      el("a", { "class": "iop-action iop-action-urgent", href: "tel:911", text: "Call 911" })
    ]);
  }

  function chips(questions, label) {
    var group = el("div", { "class": "iop-chips", role: "group", "aria-label": label });
    questions.forEach(function (question) {
      if (typeof question !== "string") return;
      var chip = el("button", { type: "button", "class": "iop-chip", text: question });
      chip.addEventListener("click", function () { send(question); });
      group.appendChild(chip);
    });
    return group;
  }

  function userBubble(message) {
    return el("div", { "class": "iop-msg iop-user" }, [srOnly("You said: "), message.text]);
  }

  function botBubble(message) {
    var crisis = message.intent === "crisis";
    var bubble = el("div", { "class": "iop-msg iop-bot" + (crisis ? " iop-crisis" : "") });
    bubble.appendChild(srOnly(crisis ? "Assistant, urgent: " : "Assistant: "));
    var blocks = message.text.split(/\n{2,}/).filter(function (b) { return b.trim(); });
    blocks.forEach(function (text) { bubble.appendChild(block(text)); });
    var hasSource = blocks.some(function (text) { return /^Source:/.test(text); });
    if (message.intent === "answer" && !hasSource) {
      var line = sourceLine(message.sources);
      if (line) bubble.appendChild(line);
    }
    if (crisis) bubble.appendChild(crisisActions());
    if (message.suggestions && message.suggestions.length) {
      bubble.appendChild(chips(message.suggestions, "Suggested questions"));
    }
    return bubble;
  }

  function errorBubble(text) {
    var bubble = el("div", { "class": "iop-msg iop-error" }, [srOnly("Notice: ")]);
    bubble.appendChild(paragraph(text));
    if (!/988/.test(text)) {
      bubble.appendChild(paragraph("If you need help now, call or text 988, or call 911 in an emergency."));
    }
    return bubble;
  }

  function welcome() {
    return el("div", { "class": "iop-welcome" }, [
      el("p", { text: "Hi! I can share general information about Intensive Outpatient Programs (IOP) in Massachusetts. Try a question:" }),
      chips(STARTERS, "Starter questions")
    ]);
  }

  /* ---- state ------------------------------------------------------------------------- */

  var state = { messages: [], context: null, open: false };
  var busy = false;

  function validMessage(m) {
    return m && typeof m.text === "string" && (m.from === "user" || m.from === "bot");
  }

  function restore() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || "null");
      if (!saved || !Array.isArray(saved.messages)) return;
      state.messages = saved.messages.filter(validMessage).slice(-MAX_STORED);
      state.context = saved.context && typeof saved.context === "object" ? saved.context : null;
      state.open = saved.open === true;
    } catch (e) { /* storage unavailable or unreadable: start afresh */ }
  }

  function save() {
    try {
      state.messages = state.messages.slice(-MAX_STORED);
      window.sessionStorage.setItem(storageKey, JSON.stringify(state));
    } catch (e) { /* storage unavailable: the conversation lasts for this page only */ }
  }

  /* ---- the widget -------------------------------------------------------------------- */

  var host = el("div", { "class": "iop-faq-widget" });
  var shadow = host.attachShadow({ mode: "open" });
  var root = el("div", { "class": "iop-root", "data-position": options.position, hidden: true });
  var link = el("link", { rel: "stylesheet", href: options.stylesheet });

  var launcher = el("button", {
    type: "button", "class": "iop-launcher", "aria-expanded": "false", "aria-controls": "iop-panel"
  }, [icon("chat"), el("span", { "class": "iop-launcher-label", text: "Ask about IOP" })]);

  var closeButton = el("button", { type: "button", "class": "iop-close", "aria-label": "Close chat" }, [icon("close")]);
  /* The log holds the whole conversation for reading; it is not announced as it grows.
     The polite announcer below speaks each new reply, and only the reply. */
  var log = el("div", {
    "class": "iop-log", role: "log", "aria-live": "off", "aria-label": "Conversation", tabindex: "0"
  });
  var announcer = el("div", {
    "class": "iop-sr iop-announcer", role: "status", "aria-live": "polite", "aria-atomic": "true"
  });
  var typing = el("div", { "class": "iop-typing", hidden: true }, [
    el("span", { "class": "iop-dot", "aria-hidden": "true" }),
    el("span", { "class": "iop-dot", "aria-hidden": "true" }),
    el("span", { "class": "iop-dot", "aria-hidden": "true" }),
    srOnly("The assistant is typing")
  ]);
  var input = el("input", {
    id: "iop-input", type: "text", "class": "iop-input", maxlength: String(MAX_CHARS),
    autocomplete: "off", placeholder: "Type your question\u2026"
  });
  var sendButton = el("button", { type: "submit", "class": "iop-send", "aria-label": "Send" }, [icon("send")]);
  var form = el("form", { "class": "iop-form" }, [
    el("label", { "for": "iop-input", "class": "iop-sr", text: "Your question" }), input, sendButton
  ]);

  var panel = el("section", {
    id: "iop-panel", "class": "iop-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "iop-title", hidden: true
  }, [
    el("header", { "class": "iop-header" }, [
      el("div", { "class": "iop-heading" }, [
        el("h2", { id: "iop-title", "class": "iop-title", text: options.title }),
        el("p", { "class": "iop-subtitle", text: "Automated assistant \u00b7 general information" })
      ]),
      closeButton
    ]),
    el("div", { "class": "iop-notice" }, [
      crisisNotice(),
      el("p", { "class": "iop-disclaimer", text: "General information, not medical advice. Please don\u2019t enter your name or other personal details." })
    ]),
    log,
    typing,
    announcer,
    form
  ]);

  function crisisNotice() {
    return el("p", { "class": "iop-crisis-line" }, [
      el("strong", { text: "In a crisis?" }), " ",
      el("a", { href: "tel:988", text: "Call 988" }), ", ",
      el("a", { href: "sms:988", text: "text 988" }), " or ",
      el("a", { href: "tel:911", text: "call 911" }), "."
    ]);
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function render(message) {
    var bubble = message.from === "user" ? userBubble(message) : botBubble(message);
    log.appendChild(bubble);
    if (message.from === "user") scrollToEnd();
    else scrollToStartOf(bubble);
  }

  /* A long reply is read from its first line, not from its last. */
  function scrollToStartOf(bubble) {
    log.scrollTop = Math.max(0, bubble.offsetTop - 12);
  }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    log.setAttribute("aria-busy", value ? "true" : "false");
    if (value) scrollToEnd();
  }

  function setOpen(open, moveFocus) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    root.classList.toggle("iop-is-open", open);
    save();
    if (!moveFocus) return;
    if (open) {
      scrollToEnd();
      input.focus();
    } else {
      launcher.focus();
    }
  }

  function remember(message) {
    state.messages.push(message);
    save();
    render(message);
    if (message.from !== "user") announce((message.intent === "crisis" ? "Urgent: " : "") + message.text);
  }

  /* Replace the announcer's text; emptied first so a repeated reply is spoken again. */
  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function showError(text) {
    log.appendChild(errorBubble(text));
    announce(text);
    scrollToEnd();
  }

  function errorText(status, body) {
    if (body && typeof body.error === "string") {
      return status === 429 ? body.error : "Sorry, that didn\u2019t work: " + body.error;
    }
    return "Sorry, I can\u2019t reach the assistant right now. Please try again in a moment.";
  }

  function validReply(body) {
    return body && typeof body.answer === "string" && typeof body.intent === "string";
  }

  function ask(message) {
    var payload = { message: message };
    if (state.context) payload.context = state.context;
    return fetch(options.api + "api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer"
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        return { status: response.status, ok: response.ok, body: body };
      });
    });
  }

  function receive(result) {
    if (result.ok && validReply(result.body)) {
      var reply = result.body;
      state.context = reply.context && typeof reply.context === "object" ? reply.context : null;
      remember({
        from: "bot", text: reply.answer, intent: reply.intent,
        sources: Array.isArray(reply.sources) ? reply.sources : [],
        suggestions: Array.isArray(reply.suggestions) ? reply.suggestions : []
      });
      return;
    }
    if (result.status === 400) state.context = null;
    showError(errorText(result.status, result.body));
  }

  function send(text) {
    var message = (text || "").trim();
    if (!message || busy) return;
    if (message.length > MAX_CHARS) {
      showError("Please shorten your question to " + MAX_CHARS + " characters or fewer.");
      return;
    }
    remember({ from: "user", text: message });
    setBusy(true);
    ask(message)
      .then(receive, function () { showError(errorText(0, null)); })
      .then(function () { setBusy(false); });
  }

  function applyColor(color) {
    if (!color || !(window.CSS && CSS.supports("color", color))) return;
    host.style.setProperty("--iop-accent", color);
    var probe = el("span");
    probe.style.color = color;
    shadow.appendChild(probe);
    var rgb = (getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) || []).map(Number);
    shadow.removeChild(probe);
    if (rgb.length >= 3) host.style.setProperty("--iop-on-accent", contrastingInk(rgb));
  }

  function contrastingInk(rgb) {
    var lum = rgb.slice(0, 3).map(function (c) {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return (1.05 / (l + 0.05)) >= 4.5 ? "#ffffff" : "#111111";
  }

  function bind() {
    launcher.addEventListener("click", function () { setOpen(panel.hidden, true); });
    closeButton.addEventListener("click", function () { setOpen(false, true); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.stopPropagation();
        setOpen(false, true);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      var text = input.value;
      input.value = "";
      send(text);
    });
    link.addEventListener("load", reveal);
    link.addEventListener("error", reveal);
  }

  function reveal() {
    root.hidden = false;
  }

  function mount() {
    restore();
    bind();
    log.appendChild(welcome());
    state.messages.forEach(render);
    root.appendChild(launcher);
    root.appendChild(panel);
    shadow.appendChild(link);
    shadow.appendChild(root);
    applyColor(options.color);
    document.body.appendChild(host);
    if (state.open) setOpen(true, false);
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
