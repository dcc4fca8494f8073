package dev.hitl.apikey;

import dev.hitl.system.NotOnWorkerNodes;
import java.net.URI;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hitl.apikey.ApiKeyManagement.ApiKeyView;
import dev.hitl.apikey.ApiKeyManagement.CreatedKey;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiDocs;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.system.web.JsonString;
import dev.hitl.system.web.Storable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admins issue and revoke agent API keys; the raw key and secret are shown once. */
@RestController
@NotOnWorkerNodes
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Admins issue and revoke agents' keys")
@SecurityRequirement(name = ApiDocs.BASIC)
class ApiKeyController {

	private final ApiKeyManagement keys;

	ApiKeyController(ApiKeyManagement keys) {
		this.keys = keys;
	}

	@Operation(summary = "Issue an API key",
			description = "The raw `key` and the `webhook_secret` are in this answer only; store them now.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = NewApiKey.class),
							examples = @ExampleObject(name = "agent",
									value = "{\"name\": \"refund-bot\", \"owner\": \"billing\"}"))))
	@ApiResponse(responseCode = "201", description = "Issued")
	@ApiResponse(responseCode = "400", description = "`name` or `owner` is missing or too long")
	@PostMapping
	ResponseEntity<CreatedKeyResponse> create(@Valid @RequestBody NewApiKey body,
			@AuthenticationPrincipal Reviewer admin) {
		CreatedKey created = this.keys.create(body.name(), body.owner(), admin.id());
		ApiKeyView key = created.apiKey();
		return ResponseEntity.created(URI.create("/api/v1/api-keys/" + key.id()))
			.body(new CreatedKeyResponse(key.id(), key.name(), key.owner(), key.keyPrefix(), key.createdBy(),
					key.createdAt(), created.key(), created.webhookSecret()));
	}

	@Operation(summary = "List API keys", description = "Without secrets: only each key's prefix.")
	@ApiResponse(responseCode = "200", description = "One page")
	@ApiResponse(responseCode = "400", description = "A paging parameter is invalid")
	@GetMapping
	PageResponse<ApiKeyView> list(
			@Parameter(schema = @Schema(type = "integer", minimum = "1", defaultValue = "1")) @RequestParam(
					required = false) String page,
			@Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100",
					defaultValue = "20")) @RequestParam(name = "page_size", required = false) String pageSize) {
		PageRequest request = PageRequest.of(page, pageSize);
		ApiKeyManagement.Page found = this.keys.list(request.page(), request.pageSize());
		return PageResponse.of(found.items(), found.total(), request);
	}

	@Operation(summary = "Revoke an API key", description = "Effective at once, on every node.")
	@ApiResponse(responseCode = "204", description = "Revoked")
	@ApiResponse(responseCode = "404", description = "No such key")
	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(@PathVariable UUID id, @AuthenticationPrincipal Reviewer admin) {
		if (!this.keys.revoke(id, admin.id())) {
			throw ApiProblem.notFound("API key");
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * Names are kept stripped; a field this API does not read is ignored, as it always
	 * was.
	 */
	@Schema(name = "NewApiKey")
	@JsonIgnoreProperties(ignoreUnknown = true)
	record NewApiKey(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200) @JsonString @NotEmpty(
					message = REQUIRED) @Size(max = MAX,
							message = TOO_LONG) @Storable(line = true, message = NOT_PLAIN) String name,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200,
					description = "Whose consultations the key sees; keys of one owner share them") @JsonString @NotEmpty(
							message = REQUIRED) @Size(max = MAX,
									message = TOO_LONG) @Storable(line = true, message = NOT_PLAIN) String owner) {

		static final int MAX = 200;

		static final String REQUIRED = "is required and must be a non-empty string";

		static final String TOO_LONG = "must be at most 200 characters";

		static final String NOT_PLAIN = "must not contain control characters or unpaired surrogates";

		NewApiKey {
			name = (name != null) ? name.strip() : null;
			owner = (owner != null) ? owner.strip() : null;
		}

	}

	record CreatedKeyResponse(UUID id, String name, String owner, String keyPrefix, String createdBy,
			java.time.Instant createdAt, String key, String webhookSecret) {
	}

}
