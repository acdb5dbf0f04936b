// Starts Swagger UI on this API's OpenAPI document. A file of its own: the page's Content-Security-Policy allows no
// inline script. "Try it out" calls the API from this origin; sign in with POST /api/session, then "Authorize" with
// the token (bearer), or use the session cookie a browser already holds.
window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // No request to the public validator: the page talks to this server only.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  displayOperationId: true,
  showExtensions: true,
  persistAuthorization: false
});
