// Labeling page: keyboard shortcuts with an "active question" (keys answer the highlighted question, then the
// highlight moves on), Enter submits once everything required is answered, "s" opens the skip box.
// The page works without this script; it only makes labeling faster.
(function () {
  'use strict';
  var form = document.querySelector('form[data-labeling]');
  if (!form) return;
  var questions = Array.prototype.slice.call(form.querySelectorAll('fieldset[data-question]'));
  var active = -1;

  function answered(fs) {
    var text = fs.querySelector('textarea');
    if (text) return text.value.trim() !== '' || !fs.querySelector('[required]');
    return !!fs.querySelector('input:checked');
  }
  function firstUnanswered(from) {
    for (var i = from; i < questions.length; i++) if (!answered(questions[i])) return i;
    return -1;
  }
  function activate(i) {
    if (active >= 0 && questions[active]) questions[active].classList.remove('active');
    active = i;
    if (i < 0 || !questions[i]) {
      var submit = form.querySelector('button[type=submit]');
      if (submit) submit.focus();
      return;
    }
    questions[i].classList.add('active');
    var target = questions[i].querySelector('input:checked') || questions[i].querySelector('input, textarea');
    if (target) target.focus({ preventScroll: false });
  }
  function advance() {
    var next = firstUnanswered(active + 1);
    if (next < 0) next = firstUnanswered(0);
    activate(next);
  }
  function typing(el) {
    return (
      el &&
      (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type !== 'radio' && el.type !== 'checkbox'))
    );
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var el = document.activeElement;
    if (typing(el)) {
      if (e.key === 'Escape') {
        el.blur();
        activate(active >= 0 ? active : 0);
      }
      return;
    }
    if (e.key === 'Enter') {
      var missing = firstUnanswered(0);
      e.preventDefault();
      if (missing >= 0) activate(missing);
      else if (form.requestSubmit) form.requestSubmit();
      else form.submit();
      return;
    }
    if (e.key === 's') {
      var skip = document.getElementById('skip-box');
      if (skip) {
        e.preventDefault();
        skip.open = true;
        var reason = document.getElementById('skip-reason');
        if (reason) reason.focus();
      }
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (active < 0) return;
      e.preventDefault();
      activate(Math.max(0, Math.min(questions.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1))));
      return;
    }
    var fs = questions[active];
    if (!fs) return;
    var inputs = fs.querySelectorAll('input[data-key]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].getAttribute('data-key') === e.key.toLowerCase()) {
        e.preventDefault();
        inputs[i].checked = true;
        inputs[i].dispatchEvent(new Event('change', { bubbles: true }));
        advance();
        return;
      }
    }
  });

  // An answered question's "needs an answer" error is stale: it goes, with the reference to it.
  function clearError(fs) {
    if (!fs.classList.contains('has-error') || !answered(fs)) return;
    var error = fs.querySelector('.field-error');
    if (error) {
      var ids = (fs.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (id) {
        return id && id !== error.id;
      });
      if (ids.length) fs.setAttribute('aria-describedby', ids.join(' '));
      else fs.removeAttribute('aria-describedby');
      error.remove();
    }
    fs.classList.remove('has-error');
  }
  function clearAnsweredErrors() {
    questions.forEach(clearError);
  }
  form.addEventListener('input', function (e) {
    var fs = e.target.closest ? e.target.closest('fieldset[data-question]') : null;
    if (fs) clearError(fs);
  });

  form.addEventListener('change', function (e) {
    var fs = e.target.closest ? e.target.closest('fieldset[data-question]') : null;
    if (!fs) return;
    clearError(fs);
    var idx = questions.indexOf(fs);
    if (idx >= 0 && e.target.type === 'radio' && idx === active) return;
    if (idx >= 0 && e.target.type === 'radio') {
      active = idx;
      advance();
    }
  });
  form.addEventListener('focusin', function (e) {
    var fs = e.target.closest ? e.target.closest('fieldset[data-question]') : null;
    var idx = fs ? questions.indexOf(fs) : -1;
    if (idx >= 0 && idx !== active) {
      if (active >= 0 && questions[active]) questions[active].classList.remove('active');
      active = idx;
      fs.classList.add('active');
    }
  });
  // One submission per page: a second click or Enter does nothing while the first is on its way.
  form.addEventListener('submit', function () {
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
  });

  // Back to a page the browser kept: the button was disabled by the first submission, and errors may be stale.
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = false;
    clearAnsweredErrors();
  });

  // The status line ("Your answer was saved.") is in the page as it loads; a live region is announced when its
  // text changes, so the text is set again once the page is ready.
  var status = document.querySelector('[data-announce]');
  var said = status ? status.getAttribute('data-announce') : '';
  if (status && said) {
    status.textContent = '';
    setTimeout(function () {
      status.textContent = said;
    }, 150);
  }

  activate(firstUnanswered(0) < 0 ? 0 : firstUnanswered(0));
})();
