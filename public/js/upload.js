// Dataset upload with a progress bar (progressive enhancement): the form marked data-upload-form is sent with
// XMLHttpRequest so upload progress can be shown in its <progress data-upload-progress>. The server's answer
// replaces the page: the form with its problems, or (after the redirect) the new dataset's page, whose URL is
// then put in the address bar.
// Without this script the form posts normally.
(function () {
  'use strict';

  function enhance(form) {
    var bar = form.querySelector('[data-upload-progress]');
    var status = form.querySelector('[data-upload-status]');
    var busy = false;
    form.addEventListener('submit', function (event) {
      if (busy || !window.FormData || !window.XMLHttpRequest) return;
      event.preventDefault();
      busy = true;
      var submitter = event.submitter;
      var action = submitter && submitter.hasAttribute('formaction') ? submitter.formAction : form.action;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', action);
      xhr.setRequestHeader('Accept', 'text/html');
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.hidden = false;
        bar.value = percent;
        status.textContent = percent < 100 ? 'Uploading… ' + percent + '%' : 'Checking and importing…';
      });
      xhr.addEventListener('load', function () {
        // The response already carries the one-shot flash, so it is shown as is rather than fetched again.
        var landed = xhr.responseURL && xhr.responseURL.split('?')[0] !== action.split('?')[0];
        document.open();
        document.write(xhr.responseText);
        document.close();
        if (xhr.status < 400 && landed) window.history.replaceState(null, '', xhr.responseURL);
      });
      xhr.addEventListener('error', function () {
        busy = false;
        bar.hidden = true;
        status.textContent = 'The upload failed (connection lost or file too large). Please try again.';
      });
      bar.hidden = false;
      bar.value = 0;
      status.textContent = 'Uploading…';
      // FormData(form) leaves out the button pressed; "Import as a new version" says so by its name and value.
      var data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      xhr.send(data);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var forms = document.querySelectorAll('form[data-upload-form]');
    for (var i = 0; i < forms.length; i += 1) enhance(forms[i]);
  });
})();
