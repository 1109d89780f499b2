/* The account page's time zone form: while the member has not chosen a zone (the site's is
 * used), offer the browser's own when it differs. Nothing is saved until they submit. */
(function () {
  "use strict";
  var form = document.getElementById("time-zone-form");
  if (!form || !form.hasAttribute("data-suggest-browser")) return;
  var select = form.querySelector("select[name=time_zone]");
  var hint = form.querySelector(".time-zone-suggestion");
  var button = form.querySelector("[data-browser-zone]");
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!select || !hint || !button || !zone || select.value === zone) return;
  var known = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!known) return;
  button.textContent = button.textContent + " (" + zone.replace(/_/g, " ") + ")";
  hint.hidden = false;
  button.addEventListener("click", function () {
    select.value = zone;
    hint.hidden = true;
    select.focus();
  });
})();
