/*
 * Renders the OpenAPI document of this origin with Swagger UI (swagger-ui-dist, served from this origin; no CDN).
 * A reference, not a console: "Try it out" is off (no tokens typed into a documentation page), and nothing is loaded
 * from anywhere else (no validator badge, no external fonts).
 */
window.addEventListener('DOMContentLoaded', function () {
  var status = document.getElementById('reference-status');
  if (typeof window.SwaggerUIBundle !== 'function') {
    if (status) status.textContent = 'Die Referenz konnte nicht geladen werden. Das Dokument steht unter /api/openapi.json.';
    return;
  }
  window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    supportedSubmitMethods: [],
    validatorUrl: null,
    defaultModelsExpandDepth: -1,
    docExpansion: 'list',
    displayOperationId: false,
    syntaxHighlight: false,
    layout: 'BaseLayout',
  });
});
