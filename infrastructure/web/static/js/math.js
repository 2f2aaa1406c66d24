// Typesets the statement's math (TeX in span.math.inline / div.math.block) with the locally served KaTeX.
// Without JavaScript the TeX source stays readable.
(function () {
  "use strict";
  if (!window.katex) return;
  document.querySelectorAll(".statement .math").forEach(function (element) {
    try {
      window.katex.render(element.textContent, element, {
        displayMode: element.classList.contains("block"),
        throwOnError: false,
        trust: false,
      });
    } catch (error) {
      element.classList.add("math-error");
    }
  });
})();
