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
    // Deep links would put a link inside each operation's toggle button (nested interactive controls).
    deepLinking: false,
    supportedSubmitMethods: [],
    validatorUrl: null,
    defaultModelsExpandDepth: -1,
    docExpansion: 'list',
    displayOperationId: false,
    syntaxHighlight: false,
    layout: 'BaseLayout',
    // The page has its own h1 and introduction: Swagger UI's info block (a second h1) is left out, and so is the
    // server picker (one server, /api, and a select without a label).
    plugins: [
      function () {
        var nothing = function () {
          return function () {
            return null;
          };
        };
        return { wrapComponents: { InfoContainer: nothing, ServersContainer: nothing } };
      },
    ],
  });
});
