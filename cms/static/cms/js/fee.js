// Shows the membership fee that applies while the applicant fills in the form.
// The bands are embedded in the page (no request per keystroke); without JavaScript the
// "Calculate the fee" button asks the server instead.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) return;
  var bands = JSON.parse(document.getElementById("fee-bands").textContent);
  var flat = JSON.parse(document.getElementById("flat-fee-kinds").textContent);
  var text = JSON.parse(document.getElementById("fee-messages").textContent);
  var kind = form.elements.kind, size = form.elements.size_figure, associate = form.elements.associate;
  var out = document.querySelector("#fee-quote p");
  var lang = document.documentElement.lang || "en";

  function parseSize(value) {
    var digits = String(value || "").replace(/[\s\u202f.,']/g, "");
    return /^\d+$/.test(digits) ? parseInt(digits, 10) : null;
  }

  function feeFor(k, n, assoc) {
    var own = bands.filter(function (b) { return b.kind === k; });
    var band = null;
    if (own.length === 1 && own[0].min === 0 && own[0].max === null) band = own[0];
    else if (n !== null) {
      band = own.find(function (b) { return b.min <= n && (b.max === null || n < b.max); }) || null;
    }
    if (!band) return null;
    return assoc && band.associate !== null ? band.associate : band.fee;
  }

  function update() {
    var k = kind.value, n = parseSize(size.value), message, strong = false;
    if (!k) message = text.choose;
    else if (n === null && flat.indexOf(k) === -1) message = text.size;
    else {
      var fee = feeFor(k, n, associate && associate.checked);
      if (fee === null) message = text.none;
      else {
        var amount = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(Number(fee));
        message = text.fee.replace("%(amount)s", amount);
        strong = true;
      }
    }
    out.textContent = "";
    if (strong) { var s = document.createElement("strong"); s.textContent = message; out.appendChild(s); }
    else out.textContent = message;
    out.setAttribute("data-amount", strong ? fee : "");
  }

  [kind, size, associate].forEach(function (el) {
    if (!el) return;
    el.addEventListener("input", update);
    el.addEventListener("change", update);
  });
  if (kind.value || size.value) update();
})();
