// Review page: "select all on this page" ticks every outcome's box and unticking any box unticks it. Without script the
// server approves the page's proposed outcomes when "select all" is ticked, so the boxes only mirror that choice.
const all = document.getElementById("select-all");
const boxes = [...document.querySelectorAll("input.select-outcome")];
if (all) {
  all.addEventListener("change", () => boxes.forEach((box) => { box.checked = all.checked; }));
  boxes.forEach((box) => box.addEventListener("change", () => { if (!box.checked) all.checked = false; }));
}
