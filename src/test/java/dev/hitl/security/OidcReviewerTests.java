package dev.hitl.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC access tokens for the reviewer API, with keys generated here and a JWK set served
 * from loopback (no outside identity provider): signature, expiry, issuer and audience
 * are checked; the user id and groups come from the configured claims; a token makes its
 * holder a reviewer and nothing more.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hitl.oidc.issuer-uri=https://login.test.example/realms/hitl", "hitl.oidc.audience=hitl-api",
				"hitl.oidc.user-claim=hitl_user", "hitl.oidc.groups-claim=hitl_groups" })
@ActiveProfiles("test")
class OidcReviewerTests extends ApiTestSupport {

	private static final String ISSUER = "https://login.test.example/realms/hitl";

	private static final RSAKey KEY = generate("signing-key");

	private static final RSAKey FORGER = generate("signing-key");

	private static final HttpServer JWKS = serve(new JWKSet(KEY.toPublicJWK()).toString());

	@DynamicPropertySource
	static void jwkSet(DynamicPropertyRegistry registry) {
		registry.add("hitl.oidc.jwk-set-uri",
				() -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/protocol/openid-connect/certs");
	}

	@AfterAll
	static void stopJwks() {
		JWKS.stop(0);
	}

	@Test
	void aValidTokenActsAsTheReviewerNamedInItsClaims() {
		String group = uniqueId("team");
		String userId = uniqueId("oidc");
		ensureGroup(group);
		String agent = newAgent();
		String id = create(agent,
				map("title", "Answer with a token", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		String token = bearer(claims(userId, List.of(group)).build(), KEY);
		JsonNode actionable = api().get("/api/v1/review/consultations", token).json();
		assertThat(actionable.get("items")).extracting((item) -> item.get("id").asText()).containsExactly(id);
		Result claimed = api().post("/api/v1/consultations/" + id + "/claim", token, "");
		assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
		assertThat(claimed.json().get("assignee").asText()).isEqualTo(userId);
		Result answered = api().post("/api/v1/consultations/" + id + "/respond", token, map("decision", "approved"));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		JsonNode response = get(agent, id).get("response");
		assertThat(response.get("responded_by").asText()).isEqualTo(userId);
		assertThat(response.get("channel").asText()).isEqualTo("api");
		String otherGroup = create(agent,
				map("title", "Not for this token", "reviewers", reviewers(List.of(uniqueId("other")), List.of())))
			.get("id")
			.asText();
		assertThat(api().post("/api/v1/consultations/" + otherGroup + "/claim", token, "").status()).isEqualTo(404);
	}

	@Test
	void tokensThatFailAnyCheckAreRefused() throws Exception {
		Instant now = Instant.now();
		Map<String, String> refused = new java.util.LinkedHashMap<>();
		refused.put("expired",
				bearer(claims("rita", List.of()).issueTime(Date.from(now.minusSeconds(3600)))
					.expirationTime(Date.from(now.minusSeconds(600)))
					.build(), KEY));
		refused.put("no expiry", bearer(claims("rita", List.of()).expirationTime(null).build(), KEY));
		refused.put("another issuer", bearer(claims("rita", List.of()).issuer("https://evil.example").build(), KEY));
		refused.put("another audience", bearer(claims("rita", List.of()).audience("someone-else").build(), KEY));
		refused.put("no audience", bearer(claims("rita", List.of()).audience((String) null).build(), KEY));
		refused.put("forged signature", bearer(claims("rita", List.of()).build(), FORGER));
		refused.put("unsigned", "Bearer " + new PlainJWT(claims("rita", List.of()).build()).serialize());
		refused.put("HMAC with the public key", hmacWithPublicKey(claims("rita", List.of()).build()));
		refused.put("unusable user id", bearer(claims("bad user!", List.of()).build(), KEY));
		refused.put("no user id", bearer(claims(null, List.of()).build(), KEY));
		refused.put("not a JWT", "Bearer not.a.jwt");
		for (Map.Entry<String, String> token : refused.entrySet()) {
			Result result = api().get("/api/v1/review/consultations", token.getValue());
			assertThat(result.status()).as(token.getKey() + ": " + result).isEqualTo(401);
			assertThat(result.contentType()).as(token.getKey()).startsWith("application/problem+json");
		}
	}

	@Test
	void aTokenMakesItsHolderAReviewerAndNothingMore() {
		String token = bearer(claims(uniqueId("oidc"), List.of("camunda-admin", "reviewers")).build(), KEY);
		assertThat(api().get("/api/v1/review/consultations", token).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/api-keys", token).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/audit-events", token).status()).isEqualTo(403);
		assertThat(api().get("/engine-rest/task", token).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/sessions", token).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/consultations", token).status()).isEqualTo(403);
		assertThat(api().post("/api/v1/consultations", token, map("title", "Agents only")).status()).isEqualTo(403);
		// API keys and Basic keep working beside OIDC.
		assertThat(api().get("/api/v1/consultations", newAgent()).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/api-keys", ADMIN_AUTH).status()).isEqualTo(200);
	}

	private static JWTClaimsSet.Builder claims(String user, List<String> groups) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(List.of("hitl-api", "account"))
			.subject("subject-of-" + user)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("hitl_user", user)
			.claim("hitl_groups", groups)
			.claim("preferred_username", "not-the-configured-claim");
	}

	private static String bearer(JWTClaimsSet claims, RSAKey key) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return HttpApi.bearer(jwt.serialize());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The classic algorithm confusion: HS256 keyed with the server's public key. */
	private static String hmacWithPublicKey(JWTClaimsSet claims) throws JOSEException {
		byte[] secret = KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(), claims);
		jwt.sign(new MACSigner(secret));
		return HttpApi.bearer(jwt.serialize());
	}

	private static RSAKey generate(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve(String jwks) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/protocol/openid-connect/certs", (exchange) -> {
				byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
