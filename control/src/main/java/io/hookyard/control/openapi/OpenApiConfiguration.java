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
    error.addProperty("details", new ObjectSchema());
    ObjectSchema envelope = new ObjectSchema();
    envelope.addProperty("error", error);
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
                                                            .schema(
                                                                new Schema<Object>()
                                                                    .$ref(
                                                                        "#/components/schemas/Error")))))));
  }
}
