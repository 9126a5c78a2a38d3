// Reads a chosen text file into the textarea named by data-fill-textarea, so a researcher can pick a gold file
// from disk instead of pasting it. Without JavaScript the textarea still takes pasted lines.
(function () {
  'use strict';
  var inputs = document.querySelectorAll('input[type=file][data-fill-textarea]');
  Array.prototype.forEach.call(inputs, function (input) {
    input.addEventListener('change', function () {
      var target = document.getElementById(input.getAttribute('data-fill-textarea'));
      var file = input.files && input.files[0];
      if (!target || !file) return;
      file.text().then(function (text) {
        target.value = text;
      });
    });
  });
})();
