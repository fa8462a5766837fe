package io.hookyard.control.openapi;

import io.hookyard.http.auth.Principal;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document at {@code /api/v1/openapi.json} (rendered at {@code /docs}), generated
 * from the controllers: bearer-key security on every route, and the contract's error envelope as a
 * shared schema that every 4xx/5xx answer refers to. The authenticated {@link Principal} is a
 * resolved argument, not a request parameter, so the document leaves it out.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Principal.class);
  }

  @Bean
  OpenAPI hookyardOpenApi() {
    ObjectSchema error = new ObjectSchema();
    error.addProperty("code", new StringSchema().example("validation_failed"));
    error.addProperty("message", new StringSchema().example("url: is required"));
    error.addProperty(
        "details",
        new ObjectSchema()
            .description("what the error is about, for example the failing field")
            .example(Map.of("field", "url")));
    error.setRequired(List.of("code", "message", "details"));
    ObjectSchema envelope = new ObjectSchema();
    envelope.addProperty("error", error);
    envelope.setRequired(List.of("error"));
    envelope.description(
        "Every failure: 400 malformed, 401 no or unknown key, 403 wrong kind of key, 404 not"
            + " this tenant's or not there, 409 conflict, 413 too large, 415, 422 a rule broken"
            + " (details.field names it), 429 rate limited (Retry-After), 503 retry later.");
    envelope.example(OpenApiExamples.errorExample());
    return new OpenAPI()
        .info(
            new Info()
                .title("Hookyard API")
                .version("v1")
                .description(
                    "Self-hosted integration event hub. Authenticate with Authorization: Bearer"
                        + " <api key>; errors come as {\"error\": {code, message, details}}.")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                .addSchemas("Error", envelope))
        .addSecurityItem(new SecurityRequirement().addList("apiKey"));
  }

  /** Every operation documents the error envelope for its failures. */
  @Bean
  OpenApiCustomizer errorEnvelope() {
    return api ->
        api.getPaths()
            .values()
            .forEach(
                path ->
                    path.readOperations()
                        .forEach(
                            op ->
                                op.getResponses()
                                    .addApiResponse(
                                        "default",
                                        new ApiResponse()
                                            .description("an error, in the contract's envelope")
                                            .content(
                                                new Content()
                                                    .addMediaType(
                                                        "application/json",
                                                        new MediaType()
                                                            .example(OpenApiExamples.errorExample())
                                                            .schema(
                                                                new Schema<Object>()
                                                                    .$ref(
                                                                        "#/components/schemas/Error")))))));
  }

  /** An example on every route: hand-written where the catalog has one, else from the schema. */
  @Bean
  OpenApiCustomizer examples() {
    return OpenApiExamples.fromClasspath();
  }

  /**
   * Routes outside {@code /api/v1} take no API key: vendors call {@code /in/…}, and the vendor
   * sends the tenant's browser to {@code /oauth/callback}.
   */
  @Bean
  OpenApiCustomizer publicRoutes() {
    return api ->
        api.getPaths()
            .forEach(
                (path, item) -> {
                  if (!path.startsWith("/api/v1/")) {
                    item.readOperations().forEach(op -> op.setSecurity(List.of()));
                  }
                });
  }
}
