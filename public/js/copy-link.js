// Copy buttons for the study's platform links: each button names its input in data-copy-target. The buttons
// are hidden in the HTML and shown only here, so without JavaScript the read-only field is still selectable.
(function () {
  'use strict';
  function select(input) {
    input.focus();
    input.select();
  }
  function copy(button, input) {
    var done = function () {
      button.textContent = 'Copied';
      setTimeout(function () {
        button.textContent = 'Copy';
      }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        select(input);
      });
    } else {
      select(input);
      if (document.execCommand && document.execCommand('copy')) done();
    }
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-copy-target]').forEach(function (button) {
      var input = document.getElementById(button.getAttribute('data-copy-target'));
      if (!input) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        copy(button, input);
      });
      input.addEventListener('focus', function () {
        input.select();
      });
    });
  });
})();
