// Rule editor (issue #7): line numbers beside the JSON, a check ~400 ms after the inspector stops typing
// (POST ?handler=Validate with the anti-forgery token in a header), the diagnostics listed with severity, rule,
// line:column and message, the offending lines marked, and a click on a position moving the caret there.
// Plain ES module, no dependencies; without it the form's "Check" and "Save" buttons do the same on the server.
const textarea = document.getElementById("content");
const panel = document.getElementById("diagnostics");
const gutter = document.querySelector(".code-editor .gutter");

if (textarea && panel && gutter) {
  const form = textarea.form;
  const token = form.querySelector("input[name='__RequestVerificationToken']")?.value ?? "";
  const text = (key) => panel.dataset[key] ?? "";
  let timer = 0;
  let sequence = 0;
  let marked = new Map();

  const lineCount = () => textarea.value.split("\n").length;

  function renderGutter() {
    const lines = lineCount();
    const parts = [];
    for (let i = 1; i <= lines; i++) {
      const severity = marked.get(i);
      parts.push(severity ? `<span class="mark-${severity}" data-line="${i}">${i}</span>` : `<span>${i}</span>`);
    }
    gutter.innerHTML = parts.join("\n");
    gutter.scrollTop = textarea.scrollTop;
  }

  function offsetOf(line, column) {
    const lines = textarea.value.split("\n");
    let offset = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
    const length = lines[Math.min(line, lines.length) - 1]?.length ?? 0;
    return offset + Math.max(0, Math.min(column - 1, length));
  }

  function moveTo(line, column) {
    const offset = offsetOf(line, column);
    textarea.focus();
    textarea.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
    gutter.scrollTop = textarea.scrollTop;
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function render(result) {
    marked = new Map();
    const list = result.diagnostics ?? [];
    panel.replaceChildren();
    if (list.length === 0) {
      const none = element("p", "diag-none", text("textNone"));
      none.dataset.testid = "diagnostics-none";
      panel.append(none);
    } else {
      const ul = element("ul", "diagnostics");
      ul.dataset.testid = "diagnostics-list";
      for (const d of list) {
        const severity = String(d.severity).toLowerCase();
        const li = element("li", `diag diag-${severity}`);
        li.dataset.line = d.line;
        li.dataset.column = d.column;
        li.dataset.rule = d.rule ?? "";
        li.append(element("span", "badge", severity === "error" ? text("textError") : text("textWarning")), " ");
        if (d.rule) {
          const rule = element("span", "diag-rule");
          rule.append(element("code", "", d.rule));
          li.append(rule, " ");
        }
        if (d.line > 0) {
          const a = element("a", "diag-pos", text("textLineColumn").replace("{0}", d.line).replace("{1}", d.column));
          a.href = "#content";
          a.dataset.line = d.line;
          a.dataset.column = d.column;
          li.append(a, " ");
          if (marked.get(d.line) !== "error") marked.set(d.line, severity);
        }
        // The server words each finding in the page's language; one it has no words for yet stays the engine's English.
        const message = element("span", "diag-msg", d.text ?? d.message);
        if (!d.translated) message.lang = "en";
        li.append(message, " ", element("span", "diag-code", d.code));
        ul.append(li);
      }
      panel.append(ul);
    }
    textarea.classList.toggle("input-validation-error", (result.errorCount ?? 0) > 0);
    renderGutter();
  }

  async function validate() {
    const mine = ++sequence;
    panel.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(panel.dataset.validateUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "RequestVerificationToken": token },
        body: JSON.stringify({ content: textarea.value }),
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const result = await response.json();
      if (mine === sequence) render(result);
    } catch {
      if (mine === sequence) panel.replaceChildren(element("p", "diag-failed", text("textFailed")));
    } finally {
      if (mine === sequence) panel.removeAttribute("aria-busy");
    }
  }

  panel.addEventListener("click", (event) => {
    const link = event.target.closest("a.diag-pos");
    if (!link) return;
    event.preventDefault();
    moveTo(Number(link.dataset.line), Number(link.dataset.column));
  });
  textarea.addEventListener("input", () => {
    renderGutter();
    clearTimeout(timer);
    timer = setTimeout(validate, 400);
  });
  textarea.addEventListener("scroll", () => { gutter.scrollTop = textarea.scrollTop; });
  // Lines the server already reported (a saved version or a check without script) are marked from the start.
  for (const li of panel.querySelectorAll("li.diag")) {
    const line = Number(li.dataset.line);
    if (line > 0 && marked.get(line) !== "error") marked.set(line, li.classList.contains("diag-error") ? "error" : "warning");
  }
  renderGutter();
  if (!panel.querySelector("li.diag, .diag-none") && textarea.value.trim() !== "") validate();
  textarea.dataset.enhanced = "true";
}
