package dev.hitl.system;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/** What every HTTP response does, whichever module answers it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HttpBehaviourTests extends ApiTestSupport {

	@Test
	void everyResponseCarriesARequestId() {
		for (Result result : new Result[] { api().get("/actuator/health/liveness", null),
				api().get("/api/v1/consultations", null), api().get("/api/v1/consultations", newAgent()),
				api().get("/engine-rest/engine", ADMIN_AUTH), api().get("/camunda/app/tasklist/", null) }) {
			String id = result.header("X-Request-ID");
			assertThat(id).as(result.response().uri().toString()).isNotNull();
			assertThat(UUID.fromString(id)).isNotNull();
		}
	}

	@Test
	void aSaneRequestIdFromTheCallerIsKept() {
		Result result = api().get("/api/v1/consultations", newAgent(), "X-Request-ID", "agent-run-42.step:7");
		assertThat(result.header("X-Request-ID")).isEqualTo("agent-run-42.step:7");
	}

	@Test
	void anInsaneRequestIdIsReplaced() {
		for (String insane : new String[] { "x".repeat(129), "a b", "<script>", "-starts-with-dash", "é" }) {
			Result result = api().get("/actuator/health/liveness", null, "X-Request-ID", insane);
			assertThat(result.header("X-Request-ID")).isNotEqualTo(insane);
			assertThat(UUID.fromString(result.header("X-Request-ID"))).isNotNull();
		}
	}

	@Test
	void aLargeJsonListComesBackGzippedWhenAskedFor() throws Exception {
		String agent = newAgent();
		for (int i = 0; i < 6; i++) {
			create(agent,
					map("title", "Refund order " + i + " for 89 EUR?", "description", "Compressible. ".repeat(40)));
		}
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/consultations?page_size=100"))
			.header("Authorization", agent)
			.header("Accept-Encoding", "gzip")
			.build();
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(response.headers().allValues("Vary").toString().toLowerCase()).contains("accept-encoding");
		byte[] json;
		try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
			json = gunzip.readAllBytes();
		}
		assertThat(response.body().length).isLessThan(json.length / 3);
		JsonNode page = new ObjectMapper().readTree(json);
		assertThat(page.get("total").asInt()).isEqualTo(6);
		assertThat(page.get("items")).hasSize(6);

		HttpResponse<byte[]> plain = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(request.uri()).header("Authorization", agent).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(plain.body()).isEqualTo(json);
	}

	@Test
	void largeJsonIsCompressedSmallAnswersAreNot() {
		Result spec = api().get("/api/v1/openapi.json", null, "Accept-Encoding", "gzip");
		assertThat(spec.status()).isEqualTo(200);
		assertThat(spec.header("Content-Encoding")).isEqualTo("gzip");
		Result tiny = api().get("/actuator/health/liveness", null, "Accept-Encoding", "gzip");
		assertThat(tiny.header("Content-Encoding")).isNull();
	}

}
