// Small enhancements; every page works without them.
(function () {
  "use strict";
  var INDENT = "    ";

  function lineStart(text, index) {
    return text.lastIndexOf("\n", index - 1) + 1;
  }

  // Where CodeMirror (vendor/codemirror/editor.min.js) did not take over a code textarea:
  // Tab indents (the selected lines, or inserts spaces), Shift+Tab dedents. Esc then Tab leaves the
  // editor, so the keyboard is never trapped in it.
  function codeEditor(area) {
    var leaving = false;
    area.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        leaving = true;
        return;
      }
      if (event.key !== "Tab" || event.ctrlKey || event.altKey || event.metaKey || leaving) {
        leaving = false;
        return;
      }
      event.preventDefault();
      var text = area.value;
      var start = area.selectionStart;
      var end = area.selectionEnd;
      if (!event.shiftKey && start === end) {
        area.setRangeText(INDENT, start, end, "end");
      } else {
        var from = lineStart(text, start);
        var lines = text.slice(from, end).split("\n");
        var changed = lines.map(function (line) {
          if (!event.shiftKey) return INDENT + line;
          var strip = line.match(/^ {1,4}|^\t/);
          return strip ? line.slice(strip[0].length) : line;
        }).join("\n");
        area.setRangeText(changed, from, end, "select");
      }
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  document.querySelectorAll("textarea[data-code-editor]:not([data-enhanced])").forEach(codeEditor);
})();
