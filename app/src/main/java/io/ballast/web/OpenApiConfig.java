package io.ballast.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API description served at /v3/api-docs (Swagger UI at /swagger-ui/index.html): title, the bearer-token
 * scheme that Swagger UI's "Authorize" button fills, and the areas (tags) in the order an operator meets them.
 * Operations carry their own operation id, summary and example in the controllers (docs/api.md#openapi).
 */
@Configuration
class OpenApiConfig {

    /** Tag name → description, in display order. */
    static final List<String[]> TAGS = List.of(
            new String[] {"status", "The cluster at a glance: nodes, resources, leader, arm state"},
            new String[] {"resources", "HA resources (Proxmox resources.cfg) and their placement explanation"},
            new String[] {"rules", "HA rules (Proxmox rules.cfg): node and resource affinity"},
            new String[] {"crs", "Cluster resource scheduling settings (datacenter.cfg crs:)"},
            new String[] {"nodes", "Nodes, maintenance mode, fencing confirmations"},
            new String[] {"commands", "Service commands (migrate, relocate, stop) and the pending queue"},
            new String[] {"proposals", "Rebalancing plans an operator applies or dismisses (automation level partial/manual)"},
            new String[] {"what-if", "What the manager would do on a failure or maintenance, and N+1 headroom"},
            new String[] {"audit", "The audit trail: configuration changes and the manager's decisions"},
            new String[] {"simulation", "Fault injection on the simulated cluster (ballast.cluster.mode=simulated)"},
            new String[] {"rule base", "The DRL rule base: version and reload"},
            new String[] {"import", "Import an existing Proxmox VE HA configuration"},
            new String[] {"tokens", "API tokens (admin)"},
            new String[] {"session", "Browser sessions of the web console (cookie and CSRF token)"},
            new String[] {"proxmox", "What the service sees of a real Proxmox VE cluster (ballast.cluster.mode=proxmox)"});

    /** The problem+json document of every refusal (the {@code Problem} record of ApiDocs, resolved once). */
    @SuppressWarnings("rawtypes")
    private static final java.util.Map<String, Schema> PROBLEM = io.swagger.v3.core.converter.ModelConverters
            .getInstance().readAll(ApiDocs.Problem.class);

    @Bean
    OpenAPI ballastOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Ballast API").version("v1").description("""
                        HA decisions for Proxmox-like clusters. Every request under /api needs a token: press \
                        "Authorize" and paste one (the first start writes an admin token to \
                        $BALLAST_HOME/data/admin.token). Errors are RFC 9457 problem+json naming the field. \
                        Guide: docs/api.md."""))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("blst_<id>_<secret>")
                        .description("an API token: data/admin.token, or `ballast token create`")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .tags(TAGS.stream().map(t -> new Tag().name(t[0]).description(t[1])).toList());
    }

    /**
     * Path parameters get the examples of {@link ApiDocs#PATH_EXAMPLES}, so "Try it out" is filled in whole; every
     * operation documents its refusals as the problem+json that {@link ProblemHandler} writes.
     */
    @Bean
    OpenApiCustomizer pathParameterExamplesAndProblems() {
        return api -> api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
            PROBLEM.forEach(api.getComponents()::addSchemas);
            if (op.getResponses() != null && !op.getResponses().containsKey("default")) {
                op.getResponses().addApiResponse("default", new ApiResponse()
                        .description("refused: RFC 9457 problem+json; errors name the fields")
                        .content(new Content().addMediaType("application/problem+json", new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/Problem")))));
            }
            if (op.getParameters() != null) {
                op.getParameters().stream()
                        .filter(p -> p.getExample() == null && ApiDocs.PATH_EXAMPLES.containsKey(p.getName()))
                        .forEach(p -> p.setExample(ApiDocs.PATH_EXAMPLES.get(p.getName())));
            }
        }));
    }
}
