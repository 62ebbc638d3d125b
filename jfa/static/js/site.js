// Small enhancements; every page works without them.
"use strict";

// Share box: the link is selected when it takes focus, and a "Copy link" button appears where the
// browser lets a page write to the clipboard.
function setUpShareBox(box) {
  const input = box.querySelector("input");
  const button = box.querySelector("[data-copy]");
  const status = box.querySelector("[data-copy-status]");
  input.addEventListener("focus", () => input.select());
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

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-share]").forEach(setUpShareBox);
});
