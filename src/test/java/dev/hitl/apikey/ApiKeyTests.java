package dev.hitl.apikey;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiKeyTests extends ApiTestSupport {

	@Test
	void adminCreatesAKeyShownOnceAndStoredOnlyAsHash() {
		Result created = api().post("/api/v1/api-keys", ADMIN_AUTH, Map.of("name", "billing bot", "owner", "billing"));
		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.json();
		String key = body.get("key").asText();
		String secret = body.get("webhook_secret").asText();
		assertThat(key).startsWith("hitl_").hasSizeGreaterThanOrEqualTo(5 + 22);
		assertThat(secret).startsWith("whsec_");
		assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
		Map<String, Object> row = this.jdbc.queryForMap("select * from api_key where id = ?",
				java.util.UUID.fromString(body.get("id").asText()));
		assertThat(row.values()).noneMatch((value) -> String.valueOf(value).contains(key.substring(5)));
		assertThat(row.values()).noneMatch((value) -> String.valueOf(value).contains(secret.substring(6)));
		assertThat(row.get("key_hash")).isEqualTo(ApiKeyManagement.sha256(key));
		JsonNode listed = api().get("/api/v1/api-keys?page_size=100", ADMIN_AUTH).json();
		assertThat(listed.toString()).doesNotContain(key).doesNotContain(secret);
		assertThat(listed.get("items")).extracting((item) -> item.get("id").asText()).contains(body.get("id").asText());
	}

	@Test
	void revokedKeysStopWorkingAtOnce() {
		Result created = api().post("/api/v1/api-keys", ADMIN_AUTH, Map.of("name", "temp", "owner", uniqueId("o")));
		String agent = HttpApi.bearer(created.json().get("key").asText());
		assertThat(api().get("/api/v1/consultations", agent).status()).isEqualTo(200);
		assertThat(api().delete("/api/v1/api-keys/" + created.json().get("id").asText(), ADMIN_AUTH).status())
			.isEqualTo(204);
		Result refused = api().get("/api/v1/consultations", agent);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(api().delete("/api/v1/api-keys/" + java.util.UUID.randomUUID(), ADMIN_AUTH).status()).isEqualTo(404);
	}

	@Test
	void onlyAdminsManageKeys() {
		String reviewer = newReviewer(uniqueId("rev"), "reviewers");
		assertThat(api().post("/api/v1/api-keys", reviewer, Map.of("name", "x", "owner", "y")).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/api-keys", reviewer).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/api-keys", null).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/api-keys", newAgent()).status()).isEqualTo(403);
	}

	@Test
	void keyRequestsAreValidated() {
		Result refused = api().post("/api/v1/api-keys", ADMIN_AUTH, Map.of("name", "x"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("owner");
	}

}
