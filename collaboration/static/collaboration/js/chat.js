/* The live discussion of a working group: one WebSocket per page, no build step.
 *
 * Messages are kept by id: whatever arrives twice (a broadcast and a catch-up, a resend after a
 * reconnect) is shown once, in id order. On reconnect the client asks for everything after the
 * last id it saw; sends waiting in the outbox are resent with the same client_id, which the
 * server stores only once.
 *
 * A "mention" frame (someone named you, in any group) refreshes the header's counts; in this
 * group's discussion the message is marked and announced as mentioning you.
 *
 * When the socket cannot stay open (the server closes it with 4503 because its channel layer is
 * unreachable, or two attempts in a row end before "hello"), the page says that live updates
 * are unavailable and keeps retrying with back-off; the notice goes once a "hello" arrives.
 *
 * Times: every <time data-format> on the page (messages, the topics list, an edit history) is
 * written in one time zone (the page's data-time-zone when the server gives one, else the
 * browser's) and in the format of the page's language (<html lang>), with Intl.
 *
 * Each message has a toolbar (shown on hover and on keyboard focus; one tab stop, arrow keys
 * inside) with quick reactions, a reaction picker, Edit and Delete. Consecutive messages by one
 * author in one topic within a few minutes are grouped under one name; days are separated.
 *
 * On a phone (< 48em) the topics list and the discussion are two panes shown one at a time.
 */
(function () {
  "use strict";

  var QUICK_EMOJI = ["👍", "❤️", "🎉"];
  var PICKER_EMOJI = [
    "👍", "👎", "❤️", "🎉", "😄", "😂", "😮", "😢",
    "🙏", "👏", "🙌", "👀", "🤔", "💡", "✅", "❌",
    "🔥", "🚀", "⭐", "💯", "🤝", "📌", "😅", "➕",
  ];
  var PICKER_COLUMNS = 8;
  var GROUP_WITHIN_MS = 5 * 60 * 1000;
  var AVATAR_HUES = 8;

  var LANG = document.documentElement.lang || undefined;
  var TIME_ZONE = document.documentElement.dataset.timeZone || undefined;

  function fmt(template, values) {
    return String(template || "").replace(/%\((\w+)\)s|\{(\w+)\}/g, function (_m, a, b) {
      var key = a || b;
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "className") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setCount(box, n) {
    if (!box) return;
    var count = box.querySelector("[data-count]") || box;
    count.textContent = String(n);
    box.hidden = !n;
  }

  /* Dates: one time zone, the page language's format. */

  var FORMATS = {
    time: { hour: "numeric", minute: "2-digit" },
    datetime: { dateStyle: "medium", timeStyle: "short" },
    full: { dateStyle: "full", timeStyle: "short" },
    day: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
    key: { year: "numeric", month: "2-digit", day: "2-digit" },
  };
  var formatters = {};

  function formatter(kind) {
    if (formatters[kind]) return formatters[kind];
    var options = Object.assign({}, FORMATS[kind]);
    if (TIME_ZONE) options.timeZone = TIME_ZONE;
    var f;
    try {
      f = new Intl.DateTimeFormat(LANG, options);
    } catch (e) {
      // An unknown language tag or time zone: the browser's own.
      delete options.timeZone;
      f = new Intl.DateTimeFormat(undefined, options);
    }
    formatters[kind] = f;
    return f;
  }

  function formatDate(date, kind) {
    return formatter(kind).format(date);
  }

  /* "2026-12-01" for the day a date falls on in the chosen time zone. */
  function dayKey(date) {
    var parts = {};
    formatter("key")
      .formatToParts(date)
      .forEach(function (p) {
        parts[p.type] = p.value;
      });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function capitalise(text) {
    return text ? text.charAt(0).toLocaleUpperCase(LANG) + text.slice(1) : text;
  }

  /* "Today", "Yesterday" (in the page's language, by the browser), else the full date. */
  function dayLabel(date, key) {
    var now = new Date();
    var offset = key === dayKey(now) ? 0 : key === dayKey(new Date(now.getTime() - 864e5)) ? -1 : null;
    if (offset !== null && window.Intl && Intl.RelativeTimeFormat) {
      try {
        return capitalise(new Intl.RelativeTimeFormat(LANG, { numeric: "auto" }).format(offset, "day"));
      } catch (e) {
        /* fall through to the date */
      }
    }
    return formatDate(date, "day");
  }

  function parseDate(text) {
    var date = new Date(text);
    return isNaN(date.getTime()) ? null : date;
  }

  /* Rewrite server-rendered <time datetime data-format> in the page's zone and format. */
  function localTimes(scope) {
    scope.querySelectorAll("time[data-format]").forEach(function (node) {
      var date = parseDate(node.getAttribute("datetime"));
      var kind = node.dataset.format;
      if (!date || !FORMATS[kind]) return;
      node.textContent = formatDate(date, kind);
      node.title = formatDate(date, "full");
    });
  }

  function joinNames(names) {
    if (window.Intl && Intl.ListFormat) {
      try {
        return new Intl.ListFormat(LANG, { style: "long", type: "conjunction" }).format(names);
      } catch (e) {
        /* below */
      }
    }
    return names.join(", ");
  }

  /* People. */

  function authorOf(m) {
    var a = m.author || {};
    return { id: a.id === undefined ? null : a.id, username: a.username || "", name: a.name || "", home: a.home || null };
  }

  function initials(name) {
    var words = String(name || "")
      .trim()
      .split(/[\s._-]+/)
      .filter(Boolean);
    var letters = words.slice(0, 2).map(function (w) {
      return Array.from(w)[0];
    });
    if (words.length === 1) letters = Array.from(words[0]).slice(0, 2);
    return letters.join("").toLocaleUpperCase(LANG) || "?";
  }

  function hue(key) {
    var h = 0;
    for (var i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
    return h % AVATAR_HUES;
  }

  /* Roving tab stop in a toolbar or a grid: one element of `items` in the tab order. */
  function rove(items, index) {
    items.forEach(function (b, i) {
      b.tabIndex = i === index ? 0 : -1;
    });
    if (items[index]) items[index].focus();
  }

  function onArrows(container, selector, columns, onEscape) {
    container.addEventListener("keydown", function (e) {
      var items = Array.prototype.slice.call(container.querySelectorAll(selector));
      var i = items.indexOf(document.activeElement);
      if (i === -1) return;
      var next = null;
      if (e.key === "ArrowRight") next = (i + 1) % items.length;
      else if (e.key === "ArrowLeft") next = (i - 1 + items.length) % items.length;
      else if (e.key === "ArrowDown" && columns) next = Math.min(items.length - 1, i + columns);
      else if (e.key === "ArrowUp" && columns) next = Math.max(0, i - columns);
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = items.length - 1;
      else if (e.key === "Escape" && onEscape) {
        e.preventDefault();
        e.stopPropagation();
        onEscape();
        return;
      }
      if (next === null) return;
      e.preventDefault();
      rove(items, next);
    });
    container.addEventListener("focusin", function (e) {
      var items = Array.prototype.slice.call(container.querySelectorAll(selector));
      var i = items.indexOf(e.target);
      if (i !== -1)
        items.forEach(function (b, j) {
          b.tabIndex = j === i ? 0 : -1;
        });
    });
  }

  function Chat(root) {
    this.root = root;
    this.S = JSON.parse(document.getElementById(root.dataset.strings).textContent);
    // Words the template adds (the server's strings win where both have one).
    var texts = root.querySelector("template[data-chat-texts]");
    var S = this.S;
    if (texts)
      texts.content.querySelectorAll("[data-key]").forEach(function (n) {
        if (!(n.dataset.key in S)) S[n.dataset.key] = n.textContent;
      });
    this.names = new Map(); // username -> display name, for who reacted
    this.picker = null;
    this.pickerFor = null;
    this.bulk = false;
    this.me = root.dataset.user || "";
    this.groupId = parseInt(root.dataset.groupId, 10);
    this.mentioned = new Set(); // ids of messages the server said mention you
    this.canPost = root.dataset.canPost === "true";
    this.canModerate = root.dataset.canModerate === "true";
    this.topicFilter = root.dataset.topicId ? parseInt(root.dataset.topicId, 10) : null;
    this.maxLength = parseInt(root.dataset.maxLength, 10) || 4000;
    this.list = root.querySelector("[data-messages]");
    this.status = root.querySelector("[data-status]");
    this.errorBox = root.querySelector("[data-error]");
    this.notice = root.querySelector("[data-unavailable]");
    this.live = root.querySelector("[data-live]");
    this.typingBox = root.querySelector("[data-typing]");
    this.presenceBox = root.querySelector("[data-presence]");
    this.olderButton = root.querySelector("[data-older]");
    this.form = root.querySelector("[data-composer]");
    this.messages = new Map(); // id -> message data
    this.nodes = new Map(); // id -> element
    this.lastId = 0;
    this.oldestId = null;
    this.since = null;
    this.outbox = new Map(); // client_id -> frame, until acknowledged
    this.typing = new Map(); // username -> {name, topic, timer}
    this.present = new Map();
    this.attempt = 0;
    this.socket = null;
    this.stopped = false;
    this.readTimer = null;
    this.lastTypingSent = 0;
    this.hasMore = root.dataset.hasMore === "true";

    var initial = JSON.parse(document.getElementById(root.dataset.initial).textContent);
    this.list.textContent = "";
    this.upsertAll(false, initial);
    localTimes(root);
    this.bindUi();
    this.bindPanes();
    this.connect();
  }

  Chat.prototype.setStatus = function (text) {
    this.status.textContent = text;
  };

  Chat.prototype.setUnavailable = function (unavailable) {
    this.root.dataset.live = unavailable ? "unavailable" : "on";
    if (this.notice) this.notice.hidden = !unavailable;
  };

  Chat.prototype.showError = function (text) {
    this.errorBox.textContent = text;
    this.errorBox.hidden = !text;
  };

  Chat.prototype.connect = function () {
    var self = this;
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(proto + location.host + this.root.dataset.wsPath);
    this.socket = socket;
    this.setStatus(this.attempt ? this.S.reconnecting : this.S.connecting);
    socket.onopen = function () {
      // Connected only once "hello" arrives: the server may close at once (4503).
      var resume = { type: "resume", last_id: self.lastId };
      if (self.since) resume.since = self.since;
      socket.send(JSON.stringify(resume));
      self.outbox.forEach(function (frame) {
        socket.send(JSON.stringify(frame));
      });
    };
    socket.onmessage = function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      self.handle(frame);
    };
    socket.onclose = function (event) {
      self.root.dataset.connected = "false";
      if (self.socket !== socket) return;
      self.socket = null;
      if (event.code === 4403) {
        self.setStatus(self.S.forbidden);
        self.stopped = true;
        return;
      }
      if (self.stopped) return;
      var unavailable = event.code === 4503;
      if (unavailable || self.attempt >= 1) self.setUnavailable(true);
      if (navigator.onLine === false) self.setStatus(self.S.offline);
      else self.setStatus(unavailable ? self.S.unavailable : self.S.reconnecting);
      // Back-off: 0.5 s, 1 s, 2 s ... up to 30 s (10 s while the server says live updates are
      // unavailable: it answers such attempts at once), with jitter so tabs do not reconnect
      // at once.
      var cap = unavailable ? 10000 : 30000;
      var delay = Math.min(cap, 500 * Math.pow(2, self.attempt)) * (0.75 + Math.random() / 2);
      self.attempt += 1;
      setTimeout(function () {
        self.connect();
      }, delay);
    };
  };

  Chat.prototype.send = function (frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  };

  Chat.prototype.handle = function (frame) {
    var self = this;
    switch (frame.type) {
      case "hello":
        this.attempt = 0;
        this.root.dataset.connected = "true";
        this.setStatus(this.S.connected);
        this.setUnavailable(false);
        this.since = frame.server_time;
        this.canPost = frame.can_post;
        this.canModerate = frame.can_moderate;
        this.present = new Map();
        (frame.presence || []).forEach(function (u) {
          self.present.set(u.username, u);
          self.names.set(u.username, u.name);
        });
        this.renderPresence();
        break;
      case "rights":
        this.canPost = frame.can_post;
        this.canModerate = frame.can_moderate;
        this.nodes.forEach(function (_node, id) {
          self.render(self.messages.get(id));
        });
        break;
      case "message":
        this.upsert(true, frame.message);
        break;
      case "update":
        this.upsert(false, frame.message);
        break;
      case "ack":
        this.outbox.delete(frame.client_id);
        if (frame.message) this.upsert(false, frame.message);
        break;
      case "resume":
        this.upsertAll(true, frame.messages);
        this.upsertAll(false, frame.changed || []);
        if (frame.has_more) this.send({ type: "resume", last_id: this.lastId });
        break;
      case "history":
        // Older messages go on top: keep what the reader is looking at where it is.
        var fromBottom = this.list.scrollHeight - this.list.scrollTop;
        this.upsertAll(false, frame.messages);
        this.list.scrollTop = this.list.scrollHeight - fromBottom;
        this.hasMore = frame.has_more;
        this.olderButton.hidden = !frame.has_more;
        this.loadingOlder = false;
        break;
      case "typing":
        this.onTyping(frame);
        break;
      case "presence":
        if (frame.state === "list") {
          this.present = new Map();
          frame.users.forEach(function (u) {
            self.present.set(u.username, u);
            self.names.set(u.username, u.name);
          });
        } else if (frame.state === "online") {
          this.present.set(frame.user.username, frame.user);
          this.names.set(frame.user.username, frame.user.name);
        } else if (frame.state === "offline") {
          this.present.delete(frame.user.username);
        }
        this.renderPresence();
        break;
      case "error":
        this.showError(frame.message);
        if (frame.ref && this.outbox.has(frame.ref)) this.outbox.delete(frame.ref);
        break;
      case "read":
        var badge = this.root.querySelector('[data-unread-topic="' + frame.topic_id + '"]');
        if (badge) badge.remove();
        this.refreshHeader();
        break;
      case "mention":
        this.refreshHeader();
        if (frame.group_id !== this.groupId || this.mentioned.has(frame.message_id)) break;
        this.mentioned.add(frame.message_id);
        // The mention may come before or after the message itself.
        var named = this.messages.get(frame.message_id);
        if (named) {
          this.render(named);
          this.announce(named);
        }
        break;
      default:
        break;
    }
  };

  /* Many messages at once (first paint, catch-up, older page): one layout pass at the end. */
  Chat.prototype.upsertAll = function (announce, messages) {
    this.bulk = true;
    try {
      messages.forEach(this.upsert.bind(this, announce));
    } finally {
      this.bulk = false;
    }
    this.layout();
  };

  Chat.prototype.upsert = function (announce, message) {
    if (!message || typeof message.id !== "number") return;
    if (this.topicFilter && message.topic_id !== this.topicFilter) return;
    var known = this.messages.has(message.id);
    this.messages.set(message.id, message);
    var author = authorOf(message);
    if (author.username && !author.home && author.name) this.names.set(author.username, author.name);
    if (message.id > this.lastId) this.lastId = message.id;
    if (this.oldestId === null || message.id < this.oldestId) this.oldestId = message.id;
    var node = this.render(message);
    if (!known) {
      // Insert in id order: catch-up and live frames may interleave.
      var after = null;
      var children = this.list.querySelectorAll(":scope > .chat-message");
      for (var i = children.length - 1; i >= 0; i--) {
        if (parseInt(children[i].dataset.id, 10) < message.id) {
          after = children[i];
          break;
        }
      }
      var stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 60;
      if (after) after.after(node);
      else this.list.prepend(node);
      if (!this.bulk) this.layout();
      if (announce && !this.isMine(message)) this.announce(message);
      if (announce && stick) this.list.scrollTop = this.list.scrollHeight;
      if (announce) this.scheduleRead();
      this.clearTyping(author.username);
    } else if (!this.bulk) this.layout();
  };

  Chat.prototype.isMine = function (m) {
    var a = authorOf(m);
    return !!this.me && !a.home && a.username === this.me;
  };

  /* Day separators before the first message of each day; consecutive messages grouped. */
  Chat.prototype.layout = function () {
    var self = this;
    var previous = null;
    this.list.querySelectorAll(":scope > .chat-message").forEach(function (node) {
      var m = self.messages.get(parseInt(node.dataset.id, 10));
      if (!m) return;
      var created = parseDate(m.created) || new Date(0);
      var key = dayKey(created);
      var before = node.previousElementSibling;
      var separator = before && before.classList.contains("chat-day") ? before : null;
      var prevCreated = previous && (parseDate(previous.created) || new Date(0));
      var newDay = !previous || dayKey(prevCreated) !== key;
      if (newDay && !(separator && separator.dataset.day === key)) {
        if (separator) separator.remove();
        node.before(self.daySeparator(created, key));
      } else if (!newDay && separator) separator.remove();
      var a = authorOf(m);
      var p = previous && authorOf(previous);
      var grouped =
        !newDay &&
        a.id !== null &&
        p.id === a.id &&
        p.home === a.home &&
        previous.topic_id === m.topic_id &&
        created - prevCreated >= 0 &&
        created - prevCreated < GROUP_WITHIN_MS;
      node.classList.toggle("is-continuation", grouped);
      previous = m;
    });
    // A separator followed by no message of its day is stale.
    this.list.querySelectorAll(":scope > .chat-day").forEach(function (sep) {
      var next = sep.nextElementSibling;
      if (!next || !next.classList.contains("chat-message")) sep.remove();
    });
  };

  Chat.prototype.daySeparator = function (date, key) {
    var li = el("li", { className: "chat-day", "data-day": key });
    var label = el("span", { className: "chat-day-label" });
    label.appendChild(el("time", { datetime: key, title: formatDate(date, "day") }, dayLabel(date, key)));
    li.appendChild(label);
    return li;
  };

  Chat.prototype.announce = function (message) {
    var text = message.deleted ? this.S.deleted : message.body.slice(0, 200);
    var template = this.mentioned.has(message.id) ? this.S.mentioned_you : this.S.new_message;
    this.live.appendChild(el("p", null, fmt(template, { name: message.author.name, topic: message.topic, text: text })));
    while (this.live.children.length > 5) this.live.firstChild.remove();
  };

  Chat.prototype.mentionsMe = function (m, body) {
    if (this.mentioned.has(m.id)) return true;
    if (!this.me) return false;
    var chips = body.querySelectorAll(".mention[data-user]");
    for (var i = 0; i < chips.length; i++) {
      if (chips[i].dataset.user === this.me) return true;
    }
    return false;
  };

  /* The header's unread and mention counts, re-read once the burst of frames is over. */
  Chat.prototype.refreshHeader = function () {
    var link = document.querySelector("[data-unread-url]");
    if (!link || !window.fetch) return;
    clearTimeout(this.headerTimer);
    this.headerTimer = setTimeout(function () {
      fetch(link.dataset.unreadUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data) return;
          setCount(document.querySelector("[data-unread-total]"), data.total);
          setCount(document.querySelector("[data-unread-mentions]"), data.mentions);
        })
        .catch(function () {});
    }, 300);
  };

  Chat.prototype.render = function (m) {
    var S = this.S;
    var self = this;
    var node = this.nodes.get(m.id);
    if (!node) {
      // tabindex -1: a tap (no hover on a phone) focuses the message and shows its toolbar.
      node = el("li", { className: "chat-message", id: "m-" + m.id, "data-id": m.id, "data-topic-id": m.topic_id, tabindex: "-1" });
      this.nodes.set(m.id, node);
    }
    if (node.querySelector("[data-editor]")) return node; // do not clobber an open editor
    // Re-rendering replaces the buttons: keep the keyboard where it was.
    var active = document.activeElement;
    var focusKey = active && node.contains(active) && active !== node ? active.dataset.focusKey : null;
    var pickerFocus = this.picker && this.picker.contains(active) ? active.dataset.pick : null;
    node.textContent = "";
    var author = authorOf(m);
    var name = author.name || S.former_member;
    var created = parseDate(m.created);
    var pending = m.pending === true;
    node.classList.toggle("is-deleted", !!m.deleted);
    node.classList.toggle("is-mine", this.isMine(m));
    node.classList.toggle("is-pending", pending);

    node.appendChild(
      el("span", { className: "chat-avatar", "aria-hidden": "true", "data-hue": hue(author.username + "@" + (author.home || "")) }, author.id === null && !author.username ? "?" : initials(name))
    );
    if (created) node.appendChild(el("span", { className: "chat-gutter-time", "aria-hidden": "true" }, formatDate(created, "time")));
    var content = el("div", { className: "chat-content" });
    node.appendChild(content);

    var meta = el("div", { className: "chat-meta" });
    meta.appendChild(el("span", { className: "chat-author" }, name));
    if (author.home) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", { className: "chat-home" }, "@" + author.username.split("@")[0] + "@" + author.home));
    }
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("span", { className: "chat-topic" }, m.topic));
    meta.appendChild(document.createTextNode(" "));
    var time = el("time", { datetime: m.created }, created ? formatDate(created, "time") : "");
    if (created) time.title = formatDate(created, "full");
    meta.appendChild(time);
    if (m.edited && !m.deleted) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(
        el("a", { className: "chat-edited", href: location.pathname.replace(/\/$/, "") + "/messages/" + m.id + "/history/", title: S.history, "data-focus-key": "history" }, S.edited)
      );
    }
    if (pending) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", { className: "chat-pending", "data-pending": "", title: S.not_delivered_help || "" }, S.not_delivered));
    }
    content.appendChild(meta);
    var body = el("div", { className: "chat-body", "data-body": "" });
    if (m.deleted) body.appendChild(el("em", null, S.deleted));
    else body.innerHTML = m.html; // sanitised on the server (escape, safe subset, nh3)
    content.appendChild(body);
    var mention = !m.deleted && this.mentionsMe(m, body);
    node.classList.toggle("is-mention", mention);
    if (mention) meta.appendChild(el("span", { className: "chat-mention-label" }, S.mentions_you));
    if (!m.deleted) {
      var reactions = this.reactionChips(m);
      if (reactions) content.appendChild(reactions);
      if (this.canPost) node.appendChild(this.toolbar(m));
    }
    if (this.pickerFor === m.id && this.picker) {
      if (m.deleted || !this.canPost) this.closePicker(false);
      else {
        node.appendChild(this.picker);
        node.classList.add("has-picker");
        var again = pickerFocus && this.picker.querySelector('[data-pick="' + pickerFocus + '"]');
        if (again) again.focus();
      }
    }
    if (focusKey) {
      var target = node.querySelector('[data-focus-key="' + focusKey + '"]');
      if (target) target.focus();
      else node.focus();
    } else if (active && node.contains(active) && active !== node && !pickerFocus) node.focus();
    return node;
  };

  Chat.prototype.displayName = function (username) {
    return this.names.get(username) || username;
  };

  Chat.prototype.myReaction = function (m, emoji) {
    var me = this.me;
    return (m.reactions || []).some(function (r) {
      return r.emoji === emoji && (r.users || []).indexOf(me) !== -1;
    });
  };

  Chat.prototype.toggleReaction = function (id, emoji) {
    var m = this.messages.get(id);
    if (!m) return;
    this.send({ type: this.myReaction(m, emoji) ? "unreact" : "react", id: id, emoji: emoji });
  };

  /* Existing reactions: compact chips, the count, who reacted in the title and the label. */
  Chat.prototype.reactionChips = function (m) {
    var self = this;
    var S = this.S;
    var list = (m.reactions || []).filter(function (r) {
      return r && r.emoji && r.count > 0;
    });
    if (!list.length) return null;
    var box = el("div", { className: "chat-reactions", role: "group", "aria-label": S.reactions || "" });
    list.forEach(function (r) {
      var users = r.users || [];
      var mine = users.indexOf(self.me) !== -1;
      var names = joinNames(
        users.map(function (u) {
          return self.displayName(u);
        })
      );
      var who = fmt(S.reacted_by, { emoji: r.emoji, names: names, count: r.count });
      var b = el("button", { type: "button", className: "chat-reaction", "aria-pressed": mine ? "true" : "false", title: who, "data-focus-key": "chip:" + r.emoji });
      b.appendChild(el("span", { className: "chat-reaction-emoji", "aria-hidden": "true" }, r.emoji));
      b.appendChild(document.createTextNode(" "));
      b.appendChild(el("span", { className: "chat-reaction-count", "aria-hidden": "true" }, String(r.count)));
      b.setAttribute("aria-label", who + " (" + r.count + "). " + fmt(mine ? S.remove_reaction : S.react_with, { emoji: r.emoji }));
      if (self.canPost) {
        b.addEventListener("click", function () {
          self.send({ type: mine ? "unreact" : "react", id: m.id, emoji: r.emoji });
        });
      } else b.disabled = true;
      box.appendChild(b);
    });
    return box;
  };

  /* The message's toolbar: quick reactions, the picker, Edit, Delete. One tab stop. */
  Chat.prototype.toolbar = function (m) {
    var self = this;
    var S = this.S;
    var bar = el("div", { className: "chat-actions", role: "toolbar", "aria-label": S.message_actions || "" });
    function button(attrs, text, onClick) {
      attrs.type = "button";
      attrs.tabindex = bar.children.length ? "-1" : "0";
      var b = el("button", attrs, text);
      b.addEventListener("click", onClick);
      bar.appendChild(b);
      return b;
    }
    QUICK_EMOJI.forEach(function (emoji) {
      var mine = self.myReaction(m, emoji);
      button(
        { className: "chat-quick-react", "data-react": emoji, "data-focus-key": "react:" + emoji, "aria-label": fmt(mine ? S.remove_reaction : S.react_with, { emoji: emoji }), "aria-pressed": mine ? "true" : "false" },
        emoji,
        function () {
          self.toggleReaction(m.id, emoji);
        }
      );
    });
    var open = this.pickerFor === m.id;
    var pick = button(
      { className: "chat-pick", "data-picker": "", "data-focus-key": "picker", "aria-haspopup": "dialog", "aria-expanded": open ? "true" : "false", "aria-label": S.add_reaction || "", title: S.add_reaction || "" },
      undefined,
      function () {
        if (self.pickerFor === m.id) self.closePicker(true);
        else self.openPicker(m.id);
      }
    );
    pick.appendChild(el("span", { "aria-hidden": "true" }, "☺+"));
    if (this.isMine(m)) {
      button({ "data-edit": "", "data-focus-key": "edit" }, S.edit, function () {
        self.openEditor(m.id);
      });
    }
    if (this.isMine(m) || this.canModerate) {
      button({ "data-delete": "", "data-focus-key": "delete", className: "chat-delete" }, S.delete, function () {
        if (window.confirm(S.confirm_delete)) self.send({ type: "delete", id: m.id });
      });
    }
    onArrows(bar, "button", 0, null);
    return bar;
  };

  /* The reaction picker: a small dialog of emoji in a grid, arrow keys, Escape closes. */
  Chat.prototype.openPicker = function (id) {
    var self = this;
    var S = this.S;
    this.closePicker(false);
    var node = this.nodes.get(id);
    if (!node) return;
    var picker = el("div", { className: "chat-picker", role: "dialog", "aria-label": S.pick_reaction || "", "data-picker-for": id });
    var grid = el("div", { className: "chat-picker-grid" });
    picker.appendChild(grid);
    PICKER_EMOJI.forEach(function (emoji, i) {
      var b = el("button", { type: "button", "data-pick": emoji, tabindex: i ? "-1" : "0", "aria-label": fmt(S.react_with, { emoji: emoji }) }, emoji);
      b.addEventListener("click", function () {
        self.toggleReaction(id, emoji);
        self.closePicker(true);
      });
      grid.appendChild(b);
    });
    onArrows(grid, "button", PICKER_COLUMNS, function () {
      self.closePicker(true);
    });
    picker.addEventListener("focusout", function (e) {
      // Tab out of the picker (not into its own toolbar) closes it.
      var to = e.relatedTarget;
      if (to && !picker.contains(to) && !(to.closest && to.closest("[data-picker]"))) self.closePicker(false);
    });
    this.picker = picker;
    this.pickerFor = id;
    node.appendChild(picker);
    node.classList.add("has-picker");
    var opener = node.querySelector("[data-picker]");
    if (opener) opener.setAttribute("aria-expanded", "true");
    // Open upwards when there is no room below inside the scrolling list.
    var room = this.list.getBoundingClientRect();
    var box = picker.getBoundingClientRect();
    if (box.bottom > room.bottom && box.top - room.top > room.bottom - box.top) picker.classList.add("is-above");
    picker.scrollIntoView({ block: "nearest" });
    grid.querySelector("button").focus();
  };

  Chat.prototype.closePicker = function (refocus) {
    if (!this.picker) return;
    var node = this.nodes.get(this.pickerFor);
    this.picker.remove();
    this.picker = null;
    this.pickerFor = null;
    if (!node) return;
    node.classList.remove("has-picker");
    var opener = node.querySelector("[data-picker]");
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (refocus) opener.focus();
    }
  };

  Chat.prototype.openEditor = function (id) {
    var self = this;
    var m = this.messages.get(id);
    var node = this.nodes.get(id);
    var body = node.querySelector("[data-body]");
    if (!m || !body) return;
    if (this.pickerFor === id) this.closePicker(false);
    node.classList.add("is-editing");
    var form = el("form", { "data-editor": "" });
    var label = el("label", { for: "edit-" + id, className: "visually-hidden" }, this.S.edit_label);
    var area = el("textarea", { id: "edit-" + id, rows: "3", maxlength: String(this.maxLength) });
    area.value = m.body;
    var save = el("button", { type: "submit" }, this.S.save);
    var cancel = el("button", { type: "button" }, this.S.cancel);
    form.appendChild(label);
    form.appendChild(area);
    form.appendChild(save);
    form.appendChild(cancel);
    body.replaceWith(form);
    area.focus();
    function close() {
      form.remove();
      node.classList.remove("is-editing");
      self.render(self.messages.get(id));
      var again = self.nodes.get(id).querySelector("[data-edit]");
      if (again) again.focus();
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (area.value.trim() && area.value !== m.body) self.send({ type: "edit", id: id, body: area.value });
      close();
    });
    cancel.addEventListener("click", close);
    area.addEventListener("keydown", function (e) {
      if (e.key === "Escape") close();
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
  };

  Chat.prototype.bindUi = function () {
    var self = this;
    if (this.olderButton) {
      this.olderButton.addEventListener("click", this.loadOlder.bind(this));
      this.list.addEventListener("scroll", function () {
        if (self.list.scrollTop < 40 && self.hasMore) self.loadOlder();
      });
    }
    window.addEventListener("online", function () {
      if (!self.socket && !self.stopped) self.connect();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") self.scheduleRead();
    });
    this.scheduleRead();
    setInterval(function () {
      self.send({ type: "presence" });
    }, 30000);
    if (!this.form) return;
    var topic = this.form.querySelector("[name=topic]");
    var body = this.form.querySelector("[name=body]");
    var counter = this.form.querySelector("[data-counter]");
    body.addEventListener("input", function () {
      var left = self.maxLength - body.value.length;
      counter.textContent = left < 200 ? String(left) : "";
      var now = Date.now();
      if (body.value && topic.value && now - self.lastTypingSent > 3000) {
        self.lastTypingSent = now;
        self.send({ type: "typing", topic: topic.value, state: "start" });
      }
    });
    body.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        self.form.requestSubmit();
      }
    });
    body.addEventListener("blur", function () {
      if (self.lastTypingSent && topic.value) {
        self.lastTypingSent = 0;
        self.send({ type: "typing", topic: topic.value, state: "stop" });
      }
    });
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = body.value;
      if (!text.trim() || !topic.value.trim()) return;
      if (text.length > self.maxLength) {
        self.showError(self.S.too_long);
        return;
      }
      var frame = { type: "send", topic: topic.value, body: text, client_id: uuid() };
      self.outbox.set(frame.client_id, frame);
      self.send(frame);
      self.showError("");
      body.value = "";
      counter.textContent = "";
      self.lastTypingSent = 0;
      body.focus();
    });
  };

  Chat.prototype.loadOlder = function () {
    if (this.loadingOlder || !this.hasMore) return;
    this.loadingOlder = true;
    var frame = { type: "history", before: this.oldestId };
    if (this.topicFilter) frame.topic_id = this.topicFilter;
    if (!this.send(frame)) this.loadingOlder = false;
  };

  Chat.prototype.scheduleRead = function () {
    var self = this;
    if (!this.me || document.visibilityState !== "visible") return;
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(function () {
      var latest = {};
      self.messages.forEach(function (m) {
        if (!latest[m.topic_id] || m.id > latest[m.topic_id]) latest[m.topic_id] = m.id;
      });
      Object.keys(latest).forEach(function (topicId) {
        self.send({ type: "read", topic_id: parseInt(topicId, 10), id: latest[topicId] });
      });
    }, 1000);
  };

  Chat.prototype.onTyping = function (frame) {
    var self = this;
    var name = frame.user.username;
    if (name === this.me) return;
    if (frame.user.name) this.names.set(name, frame.user.name);
    this.clearTyping(name);
    if (frame.state === "start") {
      var timer = setTimeout(function () {
        self.clearTyping(name);
      }, (frame.ttl || 6) * 1000);
      this.typing.set(name, { name: frame.user.name, timer: timer });
    }
    this.renderTyping();
  };

  Chat.prototype.clearTyping = function (username) {
    var entry = this.typing.get(username);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.typing.delete(username);
    this.renderTyping();
  };

  Chat.prototype.renderTyping = function () {
    var names = [];
    this.typing.forEach(function (v) {
      names.push(v.name);
    });
    if (!names.length) this.typingBox.textContent = "";
    else if (names.length === 1) this.typingBox.textContent = fmt(this.S.typing_one, { name: names[0] });
    else this.typingBox.textContent = fmt(this.S.typing_many, { names: names.join(", ") });
  };

  Chat.prototype.renderPresence = function () {
    var box = this.presenceBox;
    box.textContent = "";
    var me = this.me;
    var users = [];
    this.present.forEach(function (u) {
      users.push(u);
    });
    users.sort(function (a, b) {
      return a.name.localeCompare(b.name);
    });
    users.forEach(function (u) {
      box.appendChild(el("li", { "data-username": u.username, className: u.username === me ? "is-me" : "" }, u.name));
    });
    if (!users.length) box.appendChild(el("li", null, this.S.nobody_here));
  };

  /* On a phone the topics list and the discussion are shown one at a time (CSS decides the
   * width: without JavaScript, or wider than 48em, both are shown). */
  Chat.prototype.bindPanes = function () {
    var root = this.root;
    var self = this;
    var params = new URLSearchParams(location.search);
    var hasTopics = !!root.querySelector("[data-topic-link]");
    var discussion = params.has("topic") || params.has("view") || /^#m-\d+$/.test(location.hash) || !hasTopics;
    root.classList.add("has-panes");
    this.showPane(discussion ? "discussion" : "topics", false);
    root.querySelectorAll("[data-show-pane]").forEach(function (button) {
      button.addEventListener("click", function () {
        self.showPane(button.dataset.showPane, true);
      });
    });
    document.addEventListener("pointerdown", function (e) {
      if (self.picker && !self.picker.contains(e.target) && !(e.target.closest && e.target.closest("[data-picker]"))) self.closePicker(false);
    });
  };

  Chat.prototype.showPane = function (pane, moveFocus) {
    this.root.dataset.pane = pane;
    if (!moveFocus) return;
    var target = this.root.querySelector(pane === "topics" ? "[data-pane-topics]" : "[data-pane-discussion]");
    if (target) target.focus();
  };

  /* The group menu (a <details>): Escape and a click elsewhere close it. A form with
   * data-confirm-dialog asks in that <dialog> first (without JavaScript it is sent at once). */
  function bindMenus() {
    document.querySelectorAll("details[data-menu]").forEach(function (menu) {
      menu.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
      document.addEventListener("pointerdown", function (e) {
        // Not when the click is in the dialog the menu opened: the focus goes back into it.
        if (menu.open && !menu.contains(e.target) && !(e.target.closest && e.target.closest("dialog"))) menu.open = false;
      });
    });
    document.querySelectorAll("form[data-confirm-dialog]").forEach(function (form) {
      var dialog = document.getElementById(form.dataset.confirmDialog);
      if (!dialog || typeof dialog.showModal !== "function") return;
      var opener = null;
      form.addEventListener("submit", function (e) {
        if (form.dataset.confirmed === "true") return;
        e.preventDefault();
        opener = e.submitter || form.querySelector("button");
        dialog.returnValue = "";
        dialog.showModal();
      });
      dialog.addEventListener("close", function () {
        if (dialog.returnValue === "confirm") {
          form.dataset.confirmed = "true";
          form.submit();
        } else if (opener) opener.focus();
      });
    });
  }

  function start() {
    localTimes(document);
    bindMenus();
    document.querySelectorAll("[data-chat]").forEach(function (root) {
      if (!root.chat) root.chat = new Chat(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
