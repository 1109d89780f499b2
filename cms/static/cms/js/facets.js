/* Listings' filters that apply as they change (directory, practices, projects, search).

Progressive enhancement of a plain GET form: without this script "Apply filters" submits it.
With it, each change fetches the filtered page (the same address, so the same cache and the
same counts as without JavaScript), swaps in its regions marked data-facet-swap, puts the
address in the location bar (history.replaceState) and announces the new count in the page's
live region. The control in the visitor's hand is never replaced, so focus stays where it was.
On narrow screens the filters start folded in their <details>. */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 48em)");
  var TYPING_DELAY = 450;

  function fitDisclosures() {
    document.querySelectorAll("[data-facet-disclosure]").forEach(function (details) {
      details.open = !NARROW.matches;
    });
  }
  fitDisclosures();
  if (NARROW.addEventListener) {
    NARROW.addEventListener("change", fitDisclosures);
  }

  var form = document.querySelector("form[data-facets]");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
    return;
  }
  var controller = null;
  var timer = null;
  var sequence = 0;

  function targetUrl() {
    var url = new URL(form.getAttribute("action") || window.location.pathname, window.location.href);
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value !== "") {
        params.append(name, value);
      }
    });
    url.search = params.toString();
    return url;
  }

  function regions(root) {
    var found = {};
    root.querySelectorAll("[data-facet-swap]").forEach(function (element) {
      found[element.getAttribute("data-facet-swap")] = element;
    });
    return found;
  }

  function sameKeys(a, b) {
    return Object.keys(a).sort().join(" ") === Object.keys(b).sort().join(" ");
  }

  function busy(on) {
    document.querySelectorAll(".facet-results").forEach(function (section) {
      if (on) {
        section.setAttribute("aria-busy", "true");
      } else {
        section.removeAttribute("aria-busy");
      }
    });
  }

  function announce(text) {
    var status = document.querySelector("[data-facet-status]");
    if (!status) {
      return;
    }
    // Emptied first so that the same count, said again, is announced again.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 60);
  }

  function apply(doc, url) {
    var here = regions(document);
    var there = regions(doc);
    if (!sameKeys(here, there)) {
      // The filtered page is laid out otherwise (no results, no words): show it whole.
      window.location.assign(url.href);
      return;
    }
    var active = document.activeElement;
    Object.keys(here).forEach(function (key) {
      var old = here[key];
      if (active && active !== document.body && old.contains(active)) {
        return;
      }
      old.replaceWith(document.importNode(there[key], true));
    });
    document.title = doc.title;
    window.history.replaceState(window.history.state, "", url.href);
    announce(there.heading ? there.heading.textContent.trim() : "");
  }

  function refresh() {
    var url = targetUrl();
    var mine = ++sequence;
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    busy(true);
    fetch(url.href, {
      signal: controller.signal,
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (text) {
        if (mine !== sequence) {
          return;
        }
        busy(false);
        apply(new DOMParser().parseFromString(text, "text/html"), url);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        // Let the browser show what the server says (an error page, the offline page).
        window.location.assign(url.href);
      });
  }

  function soon(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, delay);
  }

  function isTyped(element) {
    return element.matches("input[type=search], input[type=text], [data-facet-live]");
  }

  // Controls may sit outside the form (form="..."), so listen on the document.
  document.addEventListener("change", function (event) {
    var element = event.target;
    if (element.form !== form || isTyped(element)) {
      return;
    }
    soon(0);
  });
  form.addEventListener("input", function (event) {
    if (event.target.matches("[data-facet-live]")) {
      soon(TYPING_DELAY);
    }
  });
  form.addEventListener("submit", function (event) {
    if (!document.querySelector("[data-facet-swap]")) {
      return; // Nothing to update in place (the search form before any search): submit it.
    }
    event.preventDefault();
    soon(0);
  });
})();
