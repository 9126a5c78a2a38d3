// "Copy into the JSON box to edit": puts a ready-made template's JSON in the custom box and chooses Custom, so a
// researcher starts from it. Without JavaScript the buttons stay hidden and the radio choice alone works.
(function () {
  'use strict';
  var buttons = document.querySelectorAll('button[data-copy-template]');
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var box = document.getElementById('template');
      var custom = document.querySelector('input[name=templatePreset][value=custom]');
      if (!box || !custom) return;
      box.value = button.getAttribute('data-copy-template');
      custom.checked = true;
      box.focus();
    });
  });
})();
