// Small enhancements; every page works without them.
"use strict";

// Share box: the link is selected when it takes focus; a "Share…" button opens the device's own
// share sheet where there is one, and a "Copy link" button appears where the browser lets a page
// write to the clipboard.
function setUpShareBox(box) {
  const input = box.querySelector("input");
  const button = box.querySelector("[data-copy]");
  const status = box.querySelector("[data-copy-status]");
  input.addEventListener("focus", () => input.select());
  const native = box.querySelector("[data-native-share]");
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", () => {
      // Closing the share sheet without choosing rejects the promise; that is not an error.
      navigator.share({ title: native.dataset.title, url: input.value }).catch(() => {});
    });
  }
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = button.dataset.copied;
    } catch {
      input.focus();
      status.textContent = button.dataset.failed;
    }
  });
}

// Main navigation: on narrow screens the links fold behind a "Menu" button (the style sheet
// decides when); Escape folds them again and returns to the button.
function setUpNavToggle(header) {
  const button = header.querySelector(".nav-toggle");
  if (!button) return;
  const row = button.parentElement;
  const list = document.getElementById(button.getAttribute("aria-controls"));
  const setOpen = (open) => {
    row.classList.toggle("nav-open", open);
    button.setAttribute("aria-expanded", String(open));
  };
  button.hidden = false;
  row.classList.add("has-nav-toggle");
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  list.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
}

// Printable card: a button that opens the browser's print dialogue (without script, the browser's
// own Print menu does the same).
function setUpPrintButton(button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// A form htmx sends that the server refuses (a flood of cheers, a token gone stale in another
// tab) is sent again the ordinary way: htmx shows nothing of an error, the server's page says why.
// Only forms that are safe to send twice take this path (a cheer counts once per reader).
document.addEventListener("htmx:responseError", (event) => {
  const form = event.detail.elt;
  if (form instanceof HTMLFormElement && form.dataset.resendOnError !== undefined) form.submit();
});

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-share]").forEach(setUpShareBox);
  document.querySelectorAll("[data-print]").forEach(setUpPrintButton);
  document.querySelectorAll(".site-header").forEach(setUpNavToggle);
});
