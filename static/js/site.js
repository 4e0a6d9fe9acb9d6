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
