// alliance_lab's controls: native HTML inputs with names, for the keyboard and screen readers.
// One file for the three kinds (slider, choice, player); the Python class picks the kind.

// Ids and radio-group names must be unique in the page. anywidget may load this module
// once per widget, so a module-level counter is not enough: add randomness.
function uid(prefix) {
  const random = Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.appendChild(child);
  return node;
}

// JupyterLab binds the arrow keys (and others) to notebook commands in command mode
// (selector ".jp-Notebook.jp-mod-commandMode ... :focus"), and its shortcut handler,
// listening in the capture phase, swallows them before a radio or range input sees them.
// Lumino skips its shortcuts for a key event whose target carries this attribute (the
// focused input itself matches the selector, so the attribute goes on each input).
function keepKeys(node) {
  node.setAttribute("data-lm-suppress-shortcuts", "true");
  return node;
}

// -- slider: <label> + <input type=range> + <output> ------------------------------------------
function renderSlider({ model, el: root }) {
  const id = uid("alliance-lab-slider");
  const label = el("label", { class: "alliance-lab-slider-label", for: id });
  const input = keepKeys(el("input", { type: "range", id, class: "alliance-lab-slider-input" }));
  const readout = el("output", { class: "alliance-lab-slider-readout", for: id });
  const low = el("span", { class: "alliance-lab-slider-end", "aria-hidden": "true" });
  const high = el("span", { class: "alliance-lab-slider-end", "aria-hidden": "true" });
  const noteId = uid("alliance-lab-note");
  const note = el("span", { class: "alliance-lab-slider-note", id: noteId });
  const track = el("span", { class: "alliance-lab-slider-track" }, [low, input, high]);
  const box = el("div", { class: "alliance-lab-control alliance-lab-slider" }, [
    label, track, readout, note,
  ]);
  root.appendChild(keepKeys(box));

  const format = (v) => Number(v).toFixed(model.get("decimals"));
  function draw() {
    label.textContent = model.get("label");
    box.classList.toggle("alliance-lab-label-above", model.get("label_position") === "above");
    label.style.width = model.get("label_position") === "above" ? "" : model.get("label_width");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    input.disabled = model.get("disabled");
    readout.textContent = format(model.get("value"));
    const ends = model.get("ends");
    low.textContent = ends.length === 2 ? ends[0] : "";
    high.textContent = ends.length === 2 ? ends[1] : "";
    const described = [];
    note.textContent = model.get("note");
    if (model.get("note")) described.push(noteId);
    if (ends.length === 2) {
      input.setAttribute("aria-valuetext",
        `${format(model.get("value"))} (from ${model.get("min")} ${ends[0]} to ${model.get("max")} ${ends[1]})`);
    } else {
      input.removeAttribute("aria-valuetext");
    }
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }
  draw();
  // While a pointer drags, only the readout follows (unless continuous_update); the value
  // is sent when the drag ends. A key press sends at once: the browser fires "change" per key.
  input.addEventListener("input", () => {
    readout.textContent = format(input.value);
    if (model.get("continuous_update")) send();
  });
  function send() {
    model.set("value", Number(input.value));
    model.save_changes();
  }
  input.addEventListener("change", send);
  const names = ["value", "min", "max", "step", "label", "label_width", "label_position",
    "decimals", "disabled", "ends", "note"];
  for (const name of names) model.on(`change:${name}`, draw);
  return () => { for (const name of names) model.off(`change:${name}`, draw); };
}

// -- choice: <fieldset> + <legend> + one radio per option ----------------------------------------
function renderChoice({ model, el: root }) {
  const name = uid("alliance-lab-choice");
  const legend = el("legend", { class: "alliance-lab-choice-legend" });
  const options = el("div", { class: "alliance-lab-choice-options" });
  const box = el("fieldset", { class: "alliance-lab-control alliance-lab-choice" }, [
    legend, options,
  ]);
  root.appendChild(keepKeys(box));
  let inputs = [];

  function build() {
    options.replaceChildren();
    inputs = model.get("labels").map((text, index) => {
      const input = keepKeys(el("input", { type: "radio", name, value: String(index) }));
      input.addEventListener("change", () => {
        if (input.checked) {
          model.set("index", index);
          model.save_changes();
        }
      });
      options.appendChild(el("label", { class: "alliance-lab-choice-option" }, [
        input, el("span", { text })
      ]));
      return input;
    });
    check();
  }
  function check() {
    const index = model.get("index");
    inputs.forEach((input, i) => {
      input.checked = i === index;
      input.disabled = model.get("disabled");
    });
  }
  function head() {
    legend.textContent = model.get("label");
    box.classList.toggle("alliance-lab-vertical", model.get("orientation") === "vertical");
  }
  head();
  build();
  model.on("change:labels", build);
  model.on("change:index", check);
  model.on("change:disabled", check);
  model.on("change:label", head);
  model.on("change:orientation", head);
  return () => {
    model.off("change:labels", build);
    model.off("change:index", check);
    model.off("change:disabled", check);
    model.off("change:label", head);
    model.off("change:orientation", head);
  };
}

// -- player: Play and Stop buttons with names; the model steps its value on a timer ------------
function renderPlayer({ model, el: root }) {
  const play = el("button", { type: "button", class: "alliance-lab-player-play" }, [
    el("span", { "aria-hidden": "true", text: "▶" }),
  ]);
  const stop = el("button", { type: "button", class: "alliance-lab-player-stop" }, [
    el("span", { "aria-hidden": "true", text: "■" }),
  ]);
  const box = el("div", { class: "alliance-lab-control alliance-lab-player", role: "group" }, [
    play, stop,
  ]);
  root.appendChild(keepKeys(box));
  function draw() {
    // The buttons are named by their action; the group by what they play.
    play.setAttribute("aria-label", "Play");
    play.title = "Play";
    stop.setAttribute("aria-label", "Stop");
    stop.title = "Stop";
    box.setAttribute("aria-label", model.get("label") || "Player");
    play.setAttribute("aria-pressed", model.get("playing") ? "true" : "false");
    play.disabled = model.get("disabled");
    stop.disabled = model.get("disabled");
  }
  draw();
  play.addEventListener("click", () => {
    if (model.get("value") >= model.get("max")) model.set("value", model.get("min"));
    model.set("playing", true);
    model.save_changes();
  });
  stop.addEventListener("click", () => {
    model.set("playing", false);
    model.save_changes();
  });
  const names = ["playing", "label", "disabled"];
  for (const n of names) model.on(`change:${n}`, draw);
  return () => { for (const n of names) model.off(`change:${n}`, draw); };
}

// The timer lives with the model, not with a view: two views of one player step it once.
function initialize({ model }) {
  if (model.get("kind") !== "player") return undefined;
  let timer = null;
  function tick() {
    const next = model.get("value") + model.get("step");
    if (next > model.get("max")) {
      model.set("playing", false);
    } else {
      model.set("value", next);
    }
    model.save_changes();
  }
  function sync() {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    if (model.get("playing")) timer = setInterval(tick, model.get("interval"));
  }
  model.on("change:playing", sync);
  model.on("change:interval", sync);
  sync();
  return () => {
    if (timer !== null) clearInterval(timer);
    model.off("change:playing", sync);
    model.off("change:interval", sync);
  };
}

function render(context) {
  const kind = context.model.get("kind");
  if (kind === "slider") return renderSlider(context);
  if (kind === "choice") return renderChoice(context);
  if (kind === "player") return renderPlayer(context);
  context.el.textContent = `alliance_lab: unknown control ${kind}`;
  return undefined;
}

export default { initialize, render };
