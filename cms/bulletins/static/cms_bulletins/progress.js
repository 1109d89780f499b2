// The sending screen refreshes itself while a sending is under way, so its progress bars move.
(function () {
    "use strict";
    if (document.querySelector("[data-bulletin-live]")) {
        window.setTimeout(function () { window.location.reload(); }, 5000);
    }
})();
