// Runs page: while a run is queued or running on a node that schedules, reload every 10 s so its status and
// timings move on by themselves. Stops when the reader is typing in the form (focus inside it).
const table = document.querySelector("table[data-live='true']");
if (table) {
  setInterval(() => {
    if (!document.activeElement?.closest("form")) location.reload();
  }, 10000);
}
