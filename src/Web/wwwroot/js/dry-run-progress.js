// Rules page: while a dry run is queued or running, poll its state on the API every second and move the progress bar;
// once it has completed or failed, reload the page, which shows the report or the error. Without script the page
// refreshes itself (a meta refresh inside <noscript>).
const box = document.querySelector("[data-testid='dryrun-progress'][data-poll-url]");
if (box) {
  const bar = box.querySelector("progress");
  const stage = box.querySelector("[data-field='stage']");
  const subjects = box.querySelector("[data-field='subjects']");
  const stageText = (name) => box.dataset["textStage" + name] ?? name;
  async function poll() {
    try {
      const response = await fetch(box.dataset.pollUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) {
        location.reload();
        return;
      }
      const state = await response.json();
      if (state.status === "Completed" || state.status === "Failed") {
        location.reload();
        return;
      }
      bar.max = Math.max(state.subjectsTotal, 1);
      bar.value = state.subjectsDone;
      bar.textContent = `${state.subjectsDone} / ${state.subjectsTotal}`;
      box.dataset.status = state.status;
      stage.textContent = stageText(state.stage);
      subjects.textContent = box.dataset.textSubjects.replace("{0}", state.subjectsDone).replace("{1}", state.subjectsTotal);
    } catch {
      // A network hiccup: the next poll tries again.
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
}
