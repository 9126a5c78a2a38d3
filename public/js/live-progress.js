// Live progress on a study's page: polls the element's data-progress-url (the study's progress.json) every
// data-progress-interval milliseconds and writes the figures into the [data-live] and [data-field] cells.
// Polling stops while the tab is hidden and backs off after errors; the page reads fine without it.
(function () {
  'use strict';
  function setText(root, selector, value) {
    var el = root.querySelector(selector);
    if (el && value !== undefined && value !== null) el.textContent = String(value);
  }
  function percent(judged, needed) {
    return needed ? Math.round((100 * judged) / needed) : 0;
  }
  function render(section, data) {
    var page = document;
    setText(page, '[data-live="state"]', data.state);
    setText(page, '[data-live="workerCount"]', data.workerCount);
    ['judged', 'needed', 'reserved', 'percent'].forEach(function (name) {
      setText(section, '[data-live="' + name + '"]', data.totals[name]);
    });
    data.datasets.forEach(function (d) {
      var row = section.querySelector('tr[data-dataset-id="' + d.datasetId + '"]');
      if (!row) return;
      ['sampled', 'judged', 'needed', 'complete', 'reserved', 'workers'].forEach(function (name) {
        setText(row, '[data-field="' + name + '"]', d[name]);
      });
      var p = percent(d.judged, d.needed);
      var bar = row.querySelector('[role="progressbar"]');
      if (bar) {
        bar.setAttribute('aria-valuenow', String(p));
        var fill = bar.querySelector('span');
        if (fill) fill.className = 'w-' + p;
      }
    });
    setText(section, '[data-live="updated"]', 'Updated ' + new Date().toLocaleTimeString() + '.');
  }
  document.addEventListener('DOMContentLoaded', function () {
    var section = document.querySelector('[data-progress-url]');
    if (!section || !window.fetch) return;
    var url = section.getAttribute('data-progress-url');
    var interval = Number(section.getAttribute('data-progress-interval')) || 5000;
    var delay = interval;
    function poll() {
      if (document.hidden) return setTimeout(poll, interval);
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (res) {
          if (!res.ok) throw new Error('progress ' + res.status);
          return res.json();
        })
        .then(function (data) {
          render(section, data);
          delay = interval;
        })
        .catch(function () {
          delay = Math.min(delay * 2, 60000);
        })
        .then(function () {
          setTimeout(poll, delay);
        });
    }
    setTimeout(poll, interval);
  });
})();
