// Shows the number of each 0-10 line next to it while it moves. The form works without
// this script: the line's position is sent either way.
document.querySelectorAll("input[type=range]").forEach(function (line) {
  var shown = document.getElementById(line.id + "-value");
  if (!shown) return;
  line.addEventListener("input", function () { shown.textContent = line.value; });
});
