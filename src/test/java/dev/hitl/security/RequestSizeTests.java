package dev.hitl.security;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RequestSizeTests extends ApiTestSupport {

	private static final int LIMIT = 256 * 1024;

	@Test
	void aBodyOverTheLimitIsRefusedWith413AndNothingIsStored() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		Result refused = api().post("/api/v1/consultations", agent, body(LIMIT + 1));
		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.header("Content-Security-Policy")).isNotNull();
		assertThat(this.jdbc.queryForObject("select count(*) from consultation where owner = ?", Long.class, owner))
			.isZero();
		Result atTheLimit = api().post("/api/v1/consultations", agent, body(LIMIT));
		assertThat(atTheLimit.status()).as("read and judged by the field rules").isEqualTo(400);
	}

	@Test
	void aChunkedBodyIsRefusedOnceItPassesTheLimit() throws Exception {
		String agent = newAgent();
		byte[] bytes = body(LIMIT + 1).getBytes(StandardCharsets.UTF_8);
		// An input stream publisher has no known length: the body goes out chunked.
		HttpResponse<String> refused = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/consultations"))
				.header("Authorization", agent)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(413);
		HttpResponse<String> small = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/consultations"))
				.header("Authorization", agent)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new ByteArrayInputStream("{\"title\":\"chunked\"}".getBytes())))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
	}

	@Test
	void everySurfaceHasTheLimit() {
		assertThat(api().post("/engine-rest/task", ADMIN_AUTH, body(LIMIT + 1)).status()).isEqualTo(413);
		assertThat(api().post("/camunda/api/admin/auth/user/default/login/tasklist", null, body(LIMIT + 1)).status())
			.isEqualTo(413);
		assertThat(api().post("/api/v1/api-keys", ADMIN_AUTH, body(LIMIT + 1)).status()).isEqualTo(413);
	}

	/** A JSON body of exactly {@code size} bytes. */
	private static String body(int size) {
		String head = "{\"title\":\"big\",\"description\":\"";
		String tail = "\"}";
		return head + "x".repeat(size - head.length() - tail.length()) + tail;
	}

}
