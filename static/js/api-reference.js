// The API reference page (/api/v1/docs): Swagger UI over the app's own OpenAPI document.
"use strict";
(function () {
  var root = document.getElementById("api-reference");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    validatorUrl: null, // never send the document to an outside validator
    persistAuthorization: false,
  });
})();
