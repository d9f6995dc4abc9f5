// symdl serve: small enhancements; every form and link works without this file.
"use strict";

// Hovering or focusing a reading note lights up its span in the source, and the other way round.
function linkNotes() {
  const marks = Array.from(document.querySelectorAll("mark[data-notes]"));
  const notes = Array.from(document.querySelectorAll("li[data-note]"));
  const light = (label, on) => {
    for (const m of marks) {
      if (m.dataset.notes.split(" ").includes(label)) m.classList.toggle("active", on);
    }
    for (const n of notes) {
      if (n.dataset.note === label) n.classList.toggle("active", on);
    }
  };
  for (const n of notes) {
    for (const ev of ["mouseenter", "focusin"]) n.addEventListener(ev, () => light(n.dataset.note, true));
    for (const ev of ["mouseleave", "focusout"]) n.addEventListener(ev, () => light(n.dataset.note, false));
  }
  for (const m of marks) {
    m.addEventListener("mouseenter", () => m.dataset.notes.split(" ").forEach((l) => light(l, true)));
    m.addEventListener("mouseleave", () => m.dataset.notes.split(" ").forEach((l) => light(l, false)));
  }
}

// Ctrl+Enter (or Cmd+Enter) in a text area submits its form; a submitted form says it is working.
function submitKeys() {
  for (const form of document.querySelectorAll("form.tool")) {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button");
      if (button) { button.disabled = true; button.classList.add("busy"); }
    });
    for (const area of form.querySelectorAll("textarea")) {
      area.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); form.requestSubmit(); }
      });
    }
  }
}

// A PDF takes a few seconds to typeset: say so on its link.
function pdfLinks() {
  for (const a of document.querySelectorAll("a[data-slow]")) {
    a.addEventListener("click", () => a.classList.add("busy"));
  }
}

// Back to a page kept by the browser: its buttons and links work again.
window.addEventListener("pageshow", () => {
  for (const b of document.querySelectorAll("form.tool button")) { b.disabled = false; b.classList.remove("busy"); }
  for (const a of document.querySelectorAll("a.busy")) a.classList.remove("busy");
});

document.addEventListener("DOMContentLoaded", () => { linkNotes(); submitKeys(); pdfLinks(); });
