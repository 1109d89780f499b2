// The header on small screens: the menu, search and languages fold behind a "Menu" button.
// Without JavaScript the button stays hidden and the navigation open; on wide screens the
// stylesheet hides the button and always shows the navigation. The account menu (a
// <details>) closes on Escape and when the visitor clicks or tabs away from it.
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  if (!header) return;
  var toggle = header.querySelector(".nav-toggle");
  var panel = document.getElementById(toggle ? toggle.getAttribute("aria-controls") : "");

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("is-open", open);
  }

  if (toggle && panel) {
    header.classList.add("nav-ready");
    toggle.hidden = false;
    setOpen(false);
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") return;
      // On a wide screen the button is not shown: nothing to close.
      if (toggle.offsetParent === null) return;
      setOpen(false);
      toggle.focus();
    });
  }

  var account = header.querySelector(".account-menu");
  if (account) {
    var summary = account.querySelector("summary");
    account.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && account.open) {
        event.stopPropagation();
        account.open = false;
        summary.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (account.open && !account.contains(event.target)) account.open = false;
    });
    account.addEventListener("focusout", function (event) {
      if (account.open && event.relatedTarget && !account.contains(event.relatedTarget)) {
        account.open = false;
      }
    });
  }
})();
