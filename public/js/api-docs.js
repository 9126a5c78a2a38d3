// The API reference page (/api/docs): Swagger UI on the app's own OpenAPI document. No inline script, so the
// page works under the app's Content-Security-Policy.
/* global SwaggerUIBundle */
(function () {
  const root = document.getElementById('swagger-ui');
  if (!root || typeof SwaggerUIBundle !== 'function') return;
  SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    // Try-it-out sends the browser's own cookies; scripts use tokens. Requests go to this origin only.
    withCredentials: true,
  });
})();
