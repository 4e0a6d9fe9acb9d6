// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function showError(message) {
    var box = document.getElementById("htmx-error");
    if (!box) return;
    box.textContent = message || box.dataset.message;
    box.hidden = false;
    window.setTimeout(function () { box.hidden = true; }, 8000);
  }

  document.addEventListener("htmx:responseError", function () { showError(); });
  document.addEventListener("htmx:sendError", function () { showError(); });
})();

// === Example detail, comments, reports and moderation: keep keyboard focus where the work is ===
(function () {
  "use strict";

  // A report form or comment editor loaded in place takes the focus (data-focus-field).
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail && event.detail.elt;
    if (!root || root === document.body || !root.querySelector) return;
    var box = root.matches("[data-focus-field]") ? root : root.querySelector("[data-focus-field]");
    var field = box && box.querySelector("textarea, input:not([type=hidden])");
    if (field) field.focus();
  });

  // After a 422 (form with errors swapped in) the first field that needs attention gets focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || xhr.status !== 422) return;
    var field = document.querySelector("[aria-invalid='true']");
    if (field) field.focus();
  });
})();
