// "Copy" buttons beside text a visitor may want to paste elsewhere (a fediverse handle).
// The script adds the button (its label and messages are the box's data-* attributes, in the
// page's language): without JavaScript there is no button that does nothing, and the text stays
// selectable. The result ("Copied", or how to copy by hand) is announced through the box's
// aria-live status.
(function () {
  "use strict";

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyBySelection(node) {
    // Where the asynchronous clipboard is missing (a page served over plain http).
    selectText(node);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(node) {
    var text = node.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyBySelection(node); }
      );
    }
    return Promise.resolve(copyBySelection(node));
  }

  function setUp(box) {
    var source = box.querySelector("[data-copy-source]");
    var status = box.querySelector("[data-copy-status]");
    if (!source || !status || box.dataset.copyReady) return;
    box.dataset.copyReady = "true";
    var timer = null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.setAttribute("data-copy-button", "");
    button.textContent = box.dataset.copyLabel;
    if (source.id) button.setAttribute("aria-describedby", source.id);
    status.parentNode.insertBefore(button, status);
    button.addEventListener("click", function () {
      copy(source).then(function (done) {
        // Emptied first so that a second "Copied" in a row is announced again.
        status.textContent = "";
        window.clearTimeout(timer);
        window.setTimeout(function () {
          status.textContent = done ? box.dataset.copied : box.dataset.failed;
          if (!done) selectText(source);
          box.classList.toggle("is-copied", done);
          // "Copied" fades after a while; how to copy by hand stays.
          if (done) {
            timer = window.setTimeout(function () {
              status.textContent = "";
              box.classList.remove("is-copied");
            }, 4000);
          }
        }, 50);
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
