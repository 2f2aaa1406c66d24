// The source of editor.min.js (see README.md). CodeMirror 6 over every textarea[data-code-editor]: the textarea stays in the form (hidden, kept in
// step), so the page works the same without this script. Tab indents; Esc then Tab leaves the editor.
import { EditorView, minimalSetup } from "codemirror";
import { keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter } from "@codemirror/view";
import { Compartment } from "@codemirror/state";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit, indentOnInput, bracketMatching } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { cpp } from "@codemirror/lang-cpp";
import { java } from "@codemirror/lang-java";
import { javascript } from "@codemirror/lang-javascript";
import { rust } from "@codemirror/lang-rust";
import { go } from "@codemirror/lang-go";

const LANGUAGES = [
  [/^(python|pypy)/, python],
  [/^(c|cpp|c\+\+|gcc|g\+\+|clang)/, cpp],
  [/^(java|kotlin)/, java],
  [/^(javascript|js|node|typescript|ts)/, javascript],
  [/^rust/, rust],
  [/^go/, go],
];

function languageFor(id) {
  const found = LANGUAGES.find(([pattern]) => pattern.test((id || "").toLowerCase()));
  return found ? found[1]() : [];
}

// The page's Content-Security-Policy admits only <style> elements carrying this response's nonce.
const nonceMeta = document.querySelector('meta[name="style-nonce"]');
const nonce = nonceMeta ? nonceMeta.content : "";

function attach(textarea) {
  const source = textarea.dataset.languageFrom ? document.getElementById(textarea.dataset.languageFrom) : null;
  const language = new Compartment();
  const label = document.querySelector('label[for="' + textarea.id + '"]');
  const attributes = {};
  if (label) {
    if (!label.id) label.id = textarea.id + "-label";
    attributes["aria-labelledby"] = label.id;
  }
  const hint = textarea.getAttribute("aria-describedby");
  if (hint) attributes["aria-describedby"] = hint;
  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      nonce ? EditorView.cspNonce.of(nonce) : [],
      minimalSetup,
      lineNumbers(),
      highlightActiveLine(),
      highlightActiveLineGutter(),
      indentOnInput(),
      bracketMatching(),
      keymap.of([indentWithTab]),
      indentUnit.of("    "),
      language.of(languageFor(source && source.value)),
      EditorView.contentAttributes.of(attributes),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) textarea.value = update.state.doc.toString();
      }),
    ],
  });
  textarea.hidden = true;
  textarea.dataset.enhanced = "codemirror";
  textarea.insertAdjacentElement("afterend", view.dom);
  if (label) label.addEventListener("click", () => view.focus());
  if (source) {
    const update = () => view.dispatch({ effects: language.reconfigure(languageFor(source.value)) });
    source.addEventListener("change", update);
    source.addEventListener("input", update);
  }
  window.judgeEditors = window.judgeEditors || {};
  window.judgeEditors[textarea.id] = view;
}

document.querySelectorAll("textarea[data-code-editor]").forEach(attach);
