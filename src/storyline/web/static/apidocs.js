// Starts Swagger UI on /docs. A file of its own, not an inline script, so the
// Content-Security-Policy can forbid inline scripts on every page.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
});
