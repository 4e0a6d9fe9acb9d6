// The @mention combobox for story and comment fields. Without JavaScript members type
// @[Name](id) themselves, or just a name (plain text). With it, typing "@" and a few letters
// offers active members by name and organisation in a listbox: arrow keys move, Enter or Tab
// picks, Escape closes; the field carries aria-activedescendant and a live region says how
// many members match, so a screen reader follows along.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.suggestions;
  if (!url) return;
  var FIELDS = 'textarea[name="body"], textarea[name="what_happened"], textarea[name="partnership_impact"]';
  var counter = 0;

  function setUp(field) {
    if (field.dataset.mentions) return;
    field.dataset.mentions = "on";
    counter += 1;
    var listId = "mention-list-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", script.dataset.label || "Members");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", listId);
    // No aria-expanded: a textarea's role (textbox) does not take it (axe aria-allowed-attr);
    // the open list is announced by the status below and followed by aria-activedescendant.
    var results = [];
    var active = -1;
    var start = -1;
    var pending = null;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      results = [];
      active = -1;
      field.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) field.setAttribute("aria-activedescendant", listId + "-" + index);
    }

    function pick(index) {
      var chosen = results[index];
      if (!chosen) return;
      var before = field.value.slice(0, start);
      var after = field.value.slice(field.selectionStart);
      field.value = before + chosen.insert + " " + after;
      var caret = (before + chosen.insert + " ").length;
      field.setSelectionRange(caret, caret);
      close();
      status.textContent = chosen.name;
    }

    function show(data) {
      results = data.results || [];
      list.replaceChildren();
      results.forEach(function (member, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.textContent = member.name + (member.organisation ? " · " + member.organisation : "");
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(i);
        });
        list.appendChild(item);
      });
      var open = results.length > 0;
      list.hidden = !open;
      status.textContent = results.length + " " + (script.dataset.found || "members");
      highlight(open ? 0 : -1);
    }

    field.addEventListener("input", function () {
      var text = field.value.slice(0, field.selectionStart);
      var match = /(^|\s)@([^\s@\[\]()]{1,40})$/.exec(text);
      if (!match) return close();
      start = text.length - match[2].length - 1;
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(match[2]), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending.signal,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(show)
        .catch(function () {});
    });

    field.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % results.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + results.length) % results.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (active >= 0) {
          event.preventDefault();
          pick(active);
        }
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    field.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(FIELDS), setUp);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
})();
