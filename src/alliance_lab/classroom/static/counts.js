// Keeps the "Forms received" column of the projected page up to date without reloading
// the page: a reload would move a screen reader's place and a keyboard user's focus.
// Only the counts change in place; a new or closed round replaces the table's rows.
// Without JavaScript the page still works: reload it by hand.
(function () {
  var table = document.getElementById("rounds");
  var status = document.getElementById("rounds-status");
  if (!table || !window.fetch || !window.DOMParser) return;
  function update() {
    fetch(location.href, { credentials: "same-origin" })
      .then(function (reply) { return reply.ok ? reply.text() : null; })
      .then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("rounds");
        if (!fresh) return;
        var now = table.querySelectorAll("td.received");
        var next = fresh.querySelectorAll("td.received");
        var changed = false;
        if (now.length !== next.length) {
          table.tBodies[0].innerHTML = fresh.tBodies[0].innerHTML;
          changed = true;
        } else {
          for (var i = 0; i < now.length; i++) {
            if (now[i].textContent !== next[i].textContent) {
              now[i].textContent = next[i].textContent;
              changed = true;
            }
          }
        }
        if (changed && status && next.length) {
          var last = next[next.length - 1];
          status.textContent = last.textContent + " forms received in round " + next.length + ".";
        }
      })
      .catch(function () {});
  }
  setInterval(update, 5000);
})();
