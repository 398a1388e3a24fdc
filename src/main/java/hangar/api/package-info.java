/**
 * The REST API under {@code /api/v1} and result-file serving under {@code /results}, on Javalin.
 * Request and response shapes are records in {@link hangar.api.Json}; errors become JSON in one
 * place, {@link hangar.api.ErrorMapping}. Bodies are read strictly ({@link
 * hangar.api.RequestBodies}), paths and queries checked before any route ({@link
 * hangar.api.RequestLines}), and lists paged ({@link hangar.api.Paging}). See {@code docs/api.md}
 * and {@code docs/security.md}.
 */
package hangar.api;
