/**
 * The REST API under {@code /api/v1} and result-file serving under {@code /results}, on Javalin.
 * Request and response shapes are records in {@link hangar.api.Json}; errors become JSON in one
 * place, {@link hangar.api.ErrorMapping}. See {@code docs/api.md}.
 */
package hangar.api;
