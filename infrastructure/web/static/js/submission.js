// Live updates of a submission page: per-test rows appear as tests finish, then the verdict, score, time,
// memory and compiler output. Every value is written with textContent (never as HTML).
//
// Where updates come from is `subscribe` alone: the submission's server-sent events
// (GET /submissions/{id}/events, the API's stream read with the page's session), and the page's JSON state
// (GET /submissions/{id}/live, the API's submission model) polled where EventSource is missing or the stream
// fails, and once at the end. `apply` takes a whole state (complete = true) or a part of one
// ({tests: [one row]} or {status, verdict, ...}).
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) return;

  var LABELS = {
    accepted: "Accepted",
    wrong_answer: "Wrong answer",
    time_limit_exceeded: "Time limit exceeded",
    memory_limit_exceeded: "Memory limit exceeded",
    output_limit_exceeded: "Output limit exceeded",
    runtime_error: "Runtime error",
    compilation_error: "Compilation error",
    internal_error: "Internal error",
  };
  var POLL_MS = 700;
  var RETRY_MS = 3000;

  function label(verdict) {
    return LABELS[verdict] || verdict || "–";
  }

  function memory(kb) {
    if (kb === null || kb === undefined) return "–";
    return kb >= 1024 ? (kb / 1024).toFixed(1) + " MB" : kb + " KB";
  }

  function number(value) {
    return String(Math.round(value * 1e6) / 1e6);
  }

  function field(name) {
    return live.querySelector('[data-field="' + name + '"]');
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function verdictBadge(td, verdict) {
    var span = document.createElement("span");
    span.className = "verdict v-" + verdict;
    span.textContent = label(verdict);
    td.textContent = "";
    td.appendChild(span);
  }

  function renderRow(test) {
    var row = document.createElement("tr");
    row.dataset.index = String(test.index);
    cell(row, String(test.index));
    cell(row, test.name);
    cell(row, test.group);
    verdictBadge(cell(row, ""), test.verdict);
    cell(row, test.timeMs + " ms");
    cell(row, memory(test.memoryKb));
    cell(row, test.signal || (test.exitCode === null || test.exitCode === undefined ? "" : String(test.exitCode)));
    cell(row, test.checkerMessage || "", "message");
    return row;
  }

  function upsertRows(tests, complete) {
    var body = document.getElementById("test-rows");
    if (complete) {
      var wanted = {};
      tests.forEach(function (test) { wanted[test.index] = true; });
      Array.prototype.slice.call(body.rows).forEach(function (row) {
        if (!wanted[row.dataset.index]) body.removeChild(row);
      });
    }
    tests.forEach(function (test) {
      var row = renderRow(test);
      var old = body.querySelector('tr[data-index="' + test.index + '"]');
      if (old) {
        body.replaceChild(row, old);
        return;
      }
      var after = Array.prototype.find.call(body.rows, function (other) {
        return Number(other.dataset.index) > test.index;
      });
      body.insertBefore(row, after || null);
    });
  }

  // `complete`: the state is a whole snapshot (rows it lacks are gone, e.g. after a rejudge).
  function apply(state, complete) {
    if (state.tests) upsertRows(state.tests, complete);
    if (state.status) {
      field("status").textContent = state.status;
      live.dataset.status = state.status;
    }
    if ("verdict" in state) {
      var badge = field("verdict");
      badge.className = "verdict" + (state.verdict ? " v-" + state.verdict : "");
      badge.textContent = state.verdict ? label(state.verdict) : "–";
    }
    if ("score" in state) {
      field("score").textContent =
        state.score === null ? "–" : number(state.score) + (state.maxScore === null ? "" : " / " + number(state.maxScore));
    }
    if ("timeMs" in state) field("time").textContent = state.timeMs === null ? "–" : state.timeMs + " ms";
    if ("memoryKb" in state) field("memory").textContent = memory(state.memoryKb);
    if ("compileOutput" in state) {
      document.getElementById("compile-output").textContent = state.compileOutput || "";
      document.getElementById("compile-section").hidden = !state.compileOutput;
    }
    var finished = state.status === "finished";
    var status = document.getElementById("live-status");
    var text = finished ? "Judged: " + label(state.verdict) + "." : "Judging… results appear as tests finish.";
    if (status.textContent !== text) status.textContent = text;
    return finished;
  }

  function poll(url, onState) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (state) {
        if (!onState(state, true)) window.setTimeout(function () { poll(url, onState); }, POLL_MS);
      })
      .catch(function () {
        window.setTimeout(function () { poll(url, onState); }, RETRY_MS);
      });
  }

  // Server-sent events when the browser has them: `queued`, `compiling`, one `test` per judged test, then
  // `verdict` (the stream ends). After the verdict, or if the stream fails, the whole state is fetched once
  // more (polling until finished), so the page always ends on the complete snapshot.
  function subscribe(url, eventsUrl, onState) {
    if (!window.EventSource || !eventsUrl) {
      poll(url, onState);
      return;
    }
    var source = new EventSource(eventsUrl);
    var done = false;
    function finish() {
      if (done) return;
      done = true;
      source.close();
      poll(url, onState);
    }
    function on(kind, handle) {
      source.addEventListener(kind, function (message) {
        var data;
        try {
          data = JSON.parse(message.data);
        } catch (error) {
          finish();
          return;
        }
        live.dataset.updates = "events"; // what the page was updated from (the browser tests read it)
        handle(data);
      });
    }
    on("queued", function (data) { onState({ status: data.status }, false); });
    on("compiling", function (data) { onState({ status: data.status }, false); });
    on("test", function (data) { onState({ tests: [data] }, false); });
    on("verdict", function (data) {
      onState(data, false);
      finish();
    });
    source.onerror = finish;
  }

  if (live.dataset.status !== "finished") subscribe(live.dataset.liveUrl, live.dataset.eventsUrl, apply);
})();
