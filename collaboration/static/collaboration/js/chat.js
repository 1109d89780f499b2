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
 */
(function () {
  "use strict";

  var QUICK_EMOJI = ["👍", "🎉", "❤️", "👀"];

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) {
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

  function Chat(root) {
    this.root = root;
    this.S = JSON.parse(document.getElementById(root.dataset.strings).textContent);
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
    initial.forEach(this.upsert.bind(this, false));
    this.bindUi();
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
        frame.messages.forEach(this.upsert.bind(this, true));
        (frame.changed || []).forEach(this.upsert.bind(this, false));
        if (frame.has_more) this.send({ type: "resume", last_id: this.lastId });
        break;
      case "history":
        frame.messages.forEach(this.upsert.bind(this, false));
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
          });
        } else if (frame.state === "online") {
          this.present.set(frame.user.username, frame.user);
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

  Chat.prototype.upsert = function (announce, message) {
    if (this.topicFilter && message.topic_id !== this.topicFilter) return;
    var known = this.messages.has(message.id);
    this.messages.set(message.id, message);
    if (message.id > this.lastId) this.lastId = message.id;
    if (this.oldestId === null || message.id < this.oldestId) this.oldestId = message.id;
    var node = this.render(message);
    if (!known) {
      // Insert in id order: catch-up and live frames may interleave.
      var after = null;
      var children = this.list.children;
      for (var i = children.length - 1; i >= 0; i--) {
        if (parseInt(children[i].dataset.id, 10) < message.id) {
          after = children[i];
          break;
        }
      }
      var stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 60;
      if (after) after.after(node);
      else this.list.prepend(node);
      if (announce && message.author.username !== this.me) this.announce(message);
      if (announce && stick) this.list.scrollTop = this.list.scrollHeight;
      if (announce) this.scheduleRead();
      this.clearTyping(message.author.username);
    }
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
      node = el("li", { className: "chat-message", id: "m-" + m.id, "data-id": m.id, "data-topic-id": m.topic_id });
      this.nodes.set(m.id, node);
    }
    if (node.querySelector("[data-editor]")) return node; // do not clobber an open editor
    node.textContent = "";
    node.classList.toggle("is-deleted", m.deleted);
    node.classList.toggle("is-mine", m.author.username === this.me);
    var meta = el("div", { className: "chat-meta" });
    meta.appendChild(el("span", { className: "chat-author" }, m.author.name || S.former_member));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("span", { className: "chat-topic" }, m.topic));
    meta.appendChild(document.createTextNode(" "));
    var when = new Date(m.created);
    meta.appendChild(el("time", { datetime: m.created }, when.toLocaleString()));
    if (m.edited && !m.deleted) {
      meta.appendChild(document.createTextNode(" "));
      var edited = el("a", { className: "chat-edited", href: location.pathname.replace(/\/$/, "") + "/messages/" + m.id + "/history/", title: S.history }, S.edited);
      meta.appendChild(edited);
    }
    node.appendChild(meta);
    var body = el("div", { className: "chat-body", "data-body": "" });
    if (m.deleted) body.appendChild(el("em", null, S.deleted));
    else body.innerHTML = m.html; // sanitised on the server (escape, safe subset, nh3)
    node.appendChild(body);
    var mention = !m.deleted && this.mentionsMe(m, body);
    node.classList.toggle("is-mention", mention);
    if (mention) meta.appendChild(el("span", { className: "chat-mention-label" }, S.mentions_you));
    if (m.deleted) return node;
    var reactions = el("div", { className: "chat-reactions" });
    (m.reactions || []).forEach(function (r) {
      var mine = r.users.indexOf(self.me) !== -1;
      var b = el("button", { type: "button", className: "chat-reaction", "aria-pressed": mine ? "true" : "false", title: r.users.join(", ") }, r.emoji + " " + r.count);
      b.setAttribute("aria-label", fmt(mine ? S.remove_reaction : S.react_with, { emoji: r.emoji }) + " (" + r.count + ")");
      if (self.canPost) {
        b.addEventListener("click", function () {
          self.send({ type: mine ? "unreact" : "react", id: m.id, emoji: r.emoji });
        });
      } else b.disabled = true;
      reactions.appendChild(b);
    });
    node.appendChild(reactions);
    if (!this.canPost) return node;
    var actions = el("div", { className: "chat-actions" });
    QUICK_EMOJI.forEach(function (emoji) {
      var b = el("button", { type: "button", className: "chat-quick-react", "aria-label": fmt(S.react_with, { emoji: emoji }), "data-react": emoji }, emoji);
      b.addEventListener("click", function () {
        self.send({ type: "react", id: m.id, emoji: emoji });
      });
      actions.appendChild(b);
    });
    if (m.author.username === this.me) {
      var edit = el("button", { type: "button", "data-edit": "" }, S.edit);
      edit.addEventListener("click", function () {
        self.openEditor(m.id);
      });
      actions.appendChild(edit);
    }
    if (m.author.username === this.me || this.canModerate) {
      var del = el("button", { type: "button", "data-delete": "" }, S.delete);
      del.addEventListener("click", function () {
        if (window.confirm(S.confirm_delete)) self.send({ type: "delete", id: m.id });
      });
      actions.appendChild(del);
    }
    node.appendChild(actions);
    return node;
  };

  Chat.prototype.openEditor = function (id) {
    var self = this;
    var m = this.messages.get(id);
    var node = this.nodes.get(id);
    var body = node.querySelector("[data-body]");
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

  function start() {
    document.querySelectorAll("[data-chat]").forEach(function (root) {
      if (!root.chat) root.chat = new Chat(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
